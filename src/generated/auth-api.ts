/**
 * TypeScript types of the auth API (openapi-typescript).
 * GENERATED from openapi/auth-v1.yaml by `npm run generate` (scripts/generate.mjs). Do not edit by hand:
 * change the spec and regenerate; `npm run check:generated` fails when this file is stale.
 */
export interface paths {
    "/authorization": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Authorization request (browser redirect)
         * @description Not called by the backend: the backend builds this URL and redirects the user's browser
         *     to it. After login and consent the bank redirects to `redirect_uri` with `code` and
         *     `state` (or `error`, `error_description` and `state`), per RFC 6749 §4.1.2.
         *
         *     認可エンドポイント。利用者のブラウザをリダイレクトし、認可コードを取得する。
         */
        get: operations["authorize"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue or renew an access token
         * @description Exchanges an authorization code for tokens (`grant_type=authorization_code`, RFC 6749
         *     §4.1.3) or renews the access token with a refresh token (`grant_type=refresh_token`,
         *     RFC 6749 §6).
         *
         *     The client authenticates with exactly one method, registered in advance (RFC 6749
         *     §2.3): `client_secret_basic` sends an `Authorization: Basic` header and no credentials
         *     in the body; `client_secret_post` sends `client_id` and `client_secret` in the body and
         *     no header.
         *
         *     認可エンドポイントで取得した認可コードを用いたアクセストークンの取得及びリフレッシュトークンを用いたアクセストークンの更新を行うためのエンドポイント
         */
        post: operations["token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description Response type of the authorization code grant.
         * @example code
         * @enum {string}
         */
        ResponseType: "code";
        /**
         * @description Client id issued by the bank.
         *
         *     クライアントID
         * @example s6BhdRkqt3
         */
        ClientId: string;
        /**
         * @description Client secret issued by the bank. Only for `client_secret_post`; never logged.
         *
         *     クライアントシークレット
         * @example gX1fBat3bV
         */
        ClientSecret: string;
        /**
         * Format: uri
         * @description Absolute, pre-registered redirect URI.
         *
         *     貴社が指定する認可コードをリダイレクトするためのURI minLength: 1 maxLength: 256
         * @example https://bff.example.com/callback
         */
        RedirectUri: string;
        /**
         * @description Space-separated list of scopes. The bank documents the values in `x-known-values`:
         *     `openid` (OpenID Connect; an id_token is issued), `offline_access` (a refresh token is
         *     issued; `private:offline_access` is the spelling some of the bank's documents use) and the
         *     `private:` API scopes. The list is not closed: the bank may add scopes.
         *
         *     スコープ（半角スペース区切り）
         * @example private:account openid offline_access
         */
        Scope: string;
        /**
         * @description Opaque anti-CSRF value, returned unchanged on the redirect.
         *
         *     CSRF対策用の値
         * @example 9f86d081884c7d659a2feaa0c55ad015
         */
        State: string;
        /**
         * @description OpenID Connect nonce, echoed in the id_token.
         *
         *     リプレイアタック対策用の値
         * @example n-0S6_WzA2Mj
         */
        Nonce: string;
        /**
         * @description Single-use code returned by the authorization endpoint.
         *
         *     新規発行時のみ必須 認可エンドポイントにて当社から返却した認可コード minLength: 1 maxLength: 128
         * @example SplxlOBeZQQYbYS6WxSbIA
         */
        AuthorizationCode: string;
        /**
         * @description Refresh token from an earlier token response.
         *
         *     更新時のみ必須 アクセストークン発行時に当社から返却したリフレッシュトークン minLength: 1 maxLength: 128
         * @example tGzv3JOkF0XG5Qx2TlKWIA
         */
        RefreshToken: string;
        /**
         * @description Token request body; `grant_type` selects the shape.
         *
         *     トークンリクエスト
         * @example {
         *       "grant_type": "authorization_code",
         *       "code": "SplxlOBeZQQYbYS6WxSbIA",
         *       "redirect_uri": "https://bff.example.com/callback"
         *     }
         */
        TokenRequest: components["schemas"]["AuthorizationCodeTokenRequest"] | components["schemas"]["RefreshTokenRequest"];
        /**
         * @description New token from an authorization code (RFC 6749 §4.1.3).
         *
         *     認可コードによるアクセストークン新規発行
         * @example {
         *       "grant_type": "authorization_code",
         *       "code": "SplxlOBeZQQYbYS6WxSbIA",
         *       "redirect_uri": "https://bff.example.com/callback"
         *     }
         */
        AuthorizationCodeTokenRequest: {
            /**
             * @description `authorization_code` for a new token.
             *
             *     新規発行時「authorization_code」
             *      (enum property replaced by openapi-typescript)
             * @enum {string}
             */
            grant_type: "authorization_code";
            code: components["schemas"]["AuthorizationCode"];
            redirect_uri: components["schemas"]["RedirectUri"];
            client_id?: components["schemas"]["ClientId"];
            client_secret?: components["schemas"]["ClientSecret"];
        };
        /**
         * @description Renewal with a refresh token (RFC 6749 §6).
         *
         *     リフレッシュトークンによるアクセストークン更新
         * @example {
         *       "grant_type": "refresh_token",
         *       "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA"
         *     }
         */
        RefreshTokenRequest: {
            /**
             * @description `refresh_token` to renew.
             *
             *     更新時「refresh_token」
             *      (enum property replaced by openapi-typescript)
             * @enum {string}
             */
            grant_type: "refresh_token";
            refresh_token: components["schemas"]["RefreshToken"];
            client_id?: components["schemas"]["ClientId"];
            client_secret?: components["schemas"]["ClientSecret"];
        };
        /**
         * @description Access token lifetime in seconds. The bank's Java documentation types it as a digit
         *     string (`"2592000"`), its Go SDK as an integer: both are accepted, and the client hands
         *     callers a number.
         *
         *     アクセストークンの有効期限（秒）
         * @example 2592000
         */
        ExpiresIn: number | string;
        /**
         * @description Successful token answer (RFC 6749 §5.1; OpenID Connect Core 1.0 §3.1.3.3).
         *
         *     アクセストークン発行レスポンス
         * @example {
         *       "access_token": "2YotnFZFEjr1zCsicMWpAA",
         *       "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA",
         *       "scope": "private:account offline_access",
         *       "token_type": "Bearer",
         *       "expires_in": 2592000
         *     }
         */
        TokenResponse: {
            /**
             * @description Access token, sent to the resource APIs in the `x-access-token` header.
             *
             *     アクセストークン
             */
            access_token: string;
            /**
             * @description Refresh token; issued when `offline_access` was granted.
             *
             *     リフレッシュトークン
             */
            refresh_token?: string;
            /**
             * @description Space-separated granted scopes.
             *
             *     スコープ
             */
            scope?: string;
            /**
             * @description `Bearer`.
             *
             *     トークンタイプ
             */
            token_type: string;
            expires_in?: components["schemas"]["ExpiresIn"];
            /**
             * @description OpenID Connect id_token (a JWT signed HS256 with the client secret); only when the
             *     scope included `openid`.
             *
             *     IDトークン
             */
            id_token?: string;
        };
        /**
         * @description RFC 6749 §5.2 error code.
         *
         *     エラーコード
         * @example invalid_grant
         * @enum {string}
         */
        OAuthErrorCode: "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_scope" | "server_error";
        /**
         * @description Error answer (RFC 6749 §5.2).
         *
         *     エラーレスポンス
         * @example {
         *       "error": "invalid_grant",
         *       "error_description": "The refresh token has expired"
         *     }
         */
        ErrorResponse: {
            error: components["schemas"]["OAuthErrorCode"];
            /**
             * @description Human-readable detail.
             *
             *     エラー詳細
             */
            error_description?: string;
            /**
             * Format: uri
             * @description Page describing the error.
             *
             *     エラー詳細ページ
             */
            error_uri?: string;
            /**
             * @description The request's `state`, when it carried one.
             *
             *     リクエストの state
             */
            state?: string;
        };
        /**
         * @description RFC 6749 §4.1.2.1 error code of the authorization endpoint. It arrives as the `error`
         *     query parameter of the redirect to `redirect_uri` (with `error_description` and
         *     `state`), or in the body when there is no trustworthy redirect URI.
         *
         *     認可エンドポイントのエラーコード
         * @example access_denied
         * @enum {string}
         */
        AuthorizationErrorCode: "invalid_request" | "unauthorized_client" | "access_denied" | "unsupported_response_type" | "invalid_scope" | "server_error" | "temporarily_unavailable";
        /**
         * @description Error of the authorization endpoint (RFC 6749 §4.1.2.1).
         *
         *     認可エンドポイントのエラーレスポンス
         * @example {
         *       "error": "access_denied",
         *       "error_description": "The user declined consent",
         *       "state": "9f86d081884c7d659a2feaa0c55ad015"
         *     }
         */
        AuthorizationErrorResponse: {
            error: components["schemas"]["AuthorizationErrorCode"];
            /**
             * @description Human-readable detail.
             *
             *     エラー詳細
             */
            error_description?: string;
            /**
             * @description The request's `state`.
             *
             *     リクエストの state
             */
            state?: string;
        };
        /**
         * @description HTML or plain-text page from a gateway in front of the bank; not machine-readable.
         *
         *     ゲートウェイのエラーページ
         * @example <html><body><h1>502 Bad Gateway</h1></body></html>
         */
        GatewayErrorPage: string;
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: {
        /**
         * @description Seconds to wait, or an HTTP date, before retrying (RFC 9110 §10.2.3).
         * @example 2
         */
        RetryAfter: string;
    };
    pathItems: never;
}
export type SchemaResponseType = components['schemas']['ResponseType'];
export type SchemaClientId = components['schemas']['ClientId'];
export type SchemaClientSecret = components['schemas']['ClientSecret'];
export type SchemaRedirectUri = components['schemas']['RedirectUri'];
export type SchemaScope = components['schemas']['Scope'];
export type SchemaState = components['schemas']['State'];
export type SchemaNonce = components['schemas']['Nonce'];
export type SchemaAuthorizationCode = components['schemas']['AuthorizationCode'];
export type SchemaRefreshToken = components['schemas']['RefreshToken'];
export type SchemaTokenRequest = components['schemas']['TokenRequest'];
export type SchemaAuthorizationCodeTokenRequest = components['schemas']['AuthorizationCodeTokenRequest'];
export type SchemaRefreshTokenRequest = components['schemas']['RefreshTokenRequest'];
export type SchemaExpiresIn = components['schemas']['ExpiresIn'];
export type SchemaTokenResponse = components['schemas']['TokenResponse'];
export type SchemaOAuthErrorCode = components['schemas']['OAuthErrorCode'];
export type SchemaErrorResponse = components['schemas']['ErrorResponse'];
export type SchemaAuthorizationErrorCode = components['schemas']['AuthorizationErrorCode'];
export type SchemaAuthorizationErrorResponse = components['schemas']['AuthorizationErrorResponse'];
export type SchemaGatewayErrorPage = components['schemas']['GatewayErrorPage'];
export type HeaderRetryAfter = components['headers']['RetryAfter'];
export type $defs = Record<string, never>;
export interface operations {
    authorize: {
        parameters: {
            query: {
                /**
                 * @description Always `code` (authorization code grant).
                 *
                 *     レスポンスタイプ。「code」固定
                 * @example code
                 */
                response_type: components["schemas"]["ResponseType"];
                /**
                 * @description The client id issued by the bank at registration.
                 *
                 *     貴社のクライアントID
                 * @example s6BhdRkqt3
                 */
                client_id: components["schemas"]["ClientId"];
                /**
                 * @description Pre-registered absolute URI the bank redirects to with the code. The token request
                 *     must send the same value.
                 *
                 *     貴社が指定する認可コードをリダイレクトするためのURI
                 * @example https://bff.example.com/callback
                 */
                redirect_uri: components["schemas"]["RedirectUri"];
                /**
                 * @description Space-separated scopes. Known values: `private:account`, `private:virtual-account`,
                 *     `private:transfer`, `private:bulk-transfer`, `openid` (OpenID Connect; an id_token is
                 *     issued) and `offline_access` (a refresh token is issued).
                 *
                 *     スコープ。複数指定する場合は半角スペース区切り
                 * @example private:account openid offline_access
                 */
                scope: components["schemas"]["Scope"];
                /**
                 * @description Opaque value that binds the callback to the browser session that started it
                 *     (CSRF protection, RFC 6749 §10.12). Returned unchanged on the redirect.
                 *
                 *     CSRF対策のための値。リダイレクト時にそのまま返却される
                 * @example 9f86d081884c7d659a2feaa0c55ad015
                 */
                state: components["schemas"]["State"];
                /**
                 * @description OpenID Connect only: a single-use random value echoed in the id_token's `nonce`
                 *     claim, so a replayed id_token is refused (OpenID Connect Core 1.0 §3.1.2.1).
                 *
                 *     リプレイアタック対策のための値。IDトークンに含まれて返却される
                 * @example n-0S6_WzA2Mj
                 */
                nonce?: components["schemas"]["Nonce"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /**
             * @description The bank's login and consent page, shown to the user.
             *
             *     ログイン・同意画面
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example <html><body><form action="/login">…</form></body></html> */
                    "text/html": string;
                };
            };
            /**
             * @description Redirect to the bank's login page; after consent, to `redirect_uri` with `code` and
             *     `state`, or with `error` and `state`.
             *
             *     ログイン画面、同意後は redirect_uri へのリダイレクト
             */
            302: {
                headers: {
                    /**
                     * @description Where the browser goes next.
                     * @example https://bff.example.com/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=9f86d081884c7d659a2feaa0c55ad015
                     */
                    Location?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The request could not be processed and there is no trustworthy redirect URI to
             *     report the error to (RFC 6749 §4.1.2.1).
             *
             *     リクエスト不正
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": "invalid_request",
                     *       "error_description": "redirect_uri is not registered for this client"
                     *     }
                     */
                    "application/json;charset=UTF-8": components["schemas"]["AuthorizationErrorResponse"];
                };
            };
        };
    };
    token: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Form-encoded (RFC 6749 §4.1.3). The bank's generated SDK docs say JSON; every SDK
         *     actually sends this form encoding.
         */
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /**
             * @description Tokens issued (RFC 6749 §5.1).
             *
             *     アクセストークン発行成功
             */
            200: {
                headers: {
                    /**
                     * @description Always `no-store` (RFC 6749 §5.1).
                     * @example no-store
                     */
                    "Cache-Control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json;charset=UTF-8": components["schemas"]["TokenResponse"];
                };
            };
            /**
             * @description The bank refused the request (RFC 6749 §5.2): malformed request, bad or used code,
             *     redirect_uri mismatch, expired or revoked refresh token, unsupported grant or scope.
             *
             *     リクエスト不正
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": "invalid_grant",
                     *       "error_description": "The authorization code has already been used"
                     *     }
                     */
                    "application/json;charset=UTF-8": components["schemas"]["ErrorResponse"];
                };
            };
            /**
             * @description Client authentication failed (`invalid_client`, RFC 6749 §5.2).
             *
             *     クライアント認証失敗
             */
            401: {
                headers: {
                    /**
                     * @description The authentication scheme the client must use.
                     * @example Basic realm="ganb"
                     */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": "invalid_client",
                     *       "error_description": "Client authentication failed"
                     *     }
                     */
                    "application/json;charset=UTF-8": components["schemas"]["ErrorResponse"];
                };
            };
            /**
             * @description Rate limited by the gateway. Safe to retry after `Retry-After`.
             *
             *     リクエスト過多
             */
            429: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example <html><body><h1>429 Too Many Requests</h1></body></html> */
                    "text/html": components["schemas"]["GatewayErrorPage"];
                };
            };
            /**
             * @description The service or its gateway is temporarily unavailable. Safe to retry after
             *     `Retry-After` when present.
             *
             *     サービス一時停止中
             */
            503: {
                headers: {
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    /** @example <html><body><h1>503 Service Unavailable</h1></body></html> */
                    "text/html": components["schemas"]["GatewayErrorPage"];
                };
            };
            /**
             * @description Server or gateway failure. Gateways in front of the bank answer with HTML or empty
             *     bodies, not JSON; a JSON body, when present, follows `ErrorResponse`
             *     (`server_error`).
             *
             *     サーバーエラー
             */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": "server_error",
                     *       "error_description": "Temporary failure"
                     *     }
                     */
                    "application/json;charset=UTF-8": components["schemas"]["ErrorResponse"];
                    /** @example <html><body><h1>502 Bad Gateway</h1></body></html> */
                    "text/html": components["schemas"]["GatewayErrorPage"];
                };
            };
        };
    };
}
