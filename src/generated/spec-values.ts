/**
 * Runtime values of the auth API: servers, length limits, enums and known values.
 * GENERATED from openapi/auth-v1.yaml by `npm run generate` (scripts/generate.mjs). Do not edit by hand:
 * change the spec and regenerate; `npm run check:generated` fails when this file is stale.
 */
export const servers = [
  {
    "environment": "production",
    "url": "https://api.gmo-aozora.com/ganb/api/auth/v1",
    "idTokenIssuer": "https://api.gmo-aozora.com"
  },
  {
    "environment": "staging",
    "url": "https://stg-api.gmo-aozora.com/ganb/api/auth/v1",
    "idTokenIssuer": "https://stg-api.gmo-aozora.com"
  },
  {
    "environment": "sunabar",
    "url": "https://api.sunabar.gmo-aozora.com/auth/v1"
  }
] as const;

export const schemaLimits = {
  "ClientId": {
    "minLength": 1,
    "maxLength": 128
  },
  "ClientSecret": {
    "minLength": 1,
    "maxLength": 128
  },
  "RedirectUri": {
    "minLength": 1,
    "maxLength": 256
  },
  "Scope": {
    "minLength": 1,
    "maxLength": 256
  },
  "State": {
    "minLength": 1,
    "maxLength": 256
  },
  "Nonce": {
    "minLength": 1,
    "maxLength": 256
  },
  "AuthorizationCode": {
    "minLength": 1,
    "maxLength": 128
  },
  "RefreshToken": {
    "minLength": 1,
    "maxLength": 128
  }
} as const;

export const schemaEnums = {
  "ResponseType": [
    "code"
  ],
  "OAuthErrorCode": [
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
    "server_error"
  ],
  "AuthorizationErrorCode": [
    "invalid_request",
    "unauthorized_client",
    "access_denied",
    "unsupported_response_type",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable"
  ]
} as const;

export const schemaKnownValues = {
  "Scope": [
    "openid",
    "offline_access",
    "private:offline_access",
    "private:account",
    "private:virtual-account",
    "private:transfer",
    "private:bulk-transfer"
  ]
} as const;

/** The values of `Scope` that the spec documents (`x-known-values`); others may exist. */
export type KnownScope = "openid" | "offline_access" | "private:offline_access" | "private:account" | "private:virtual-account" | "private:transfer" | "private:bulk-transfer";
