import type { BankContext } from './context.js';
import { jsonResponse, methodNotAllowed } from './wire.js';

/** The path of the protected resource the mock serves, relative to the host (the personal account list). */
export const ACCOUNTS_PATH_SUFFIX = '/personal/v1/accounts';

/** The scope a token needs for the account list. */
const ACCOUNT_SCOPE = 'private:account';

/**
 * An error in the shape of the bank's API errors (`errorCode`, `errorMessage`). The bank does
 * not document its codes for a refused token; these are the mock's own.
 */
function apiError(status: number, errorCode: string, errorMessage: string): Response {
  return jsonResponse(status, { errorCode, errorMessage });
}

/** A fixed account list, in the shape of the bank's personal `GET /accounts` response. */
const SAMPLE_ACCOUNTS = {
  accounts: [
    {
      accountId: '101011234567',
      branchCode: '101',
      branchName: 'Mock Branch',
      accountTypeCode: '01',
      accountTypeName: 'Ordinary deposit',
      accountNumber: '1234567',
      primaryAccountCode: '1',
      accountName: 'MOCK TARO',
      currencyCode: 'JPY',
    },
  ],
};

/**
 * `GET …/personal/v1/accounts`: a protected resource that checks the access token in the
 * `x-access-token` header, as the bank's APIs do. A missing, unknown, expired or revoked token
 * (or a refresh token) is refused with 401; a token without `private:account` with 403.
 */
export function handleAccounts(request: Request, context: BankContext): Response {
  if (request.method !== 'GET') return methodNotAllowed('GET');
  const token = request.headers.get('x-access-token');
  if (!token) return apiError(401, 'MOCK_TOKEN_MISSING', 'the x-access-token header is required');
  const record = context.store.tokens.get(token);
  if (record?.kind !== 'access') return apiError(401, 'MOCK_TOKEN_INVALID', 'the access token is unknown');
  if (record.state !== 'active' || record.grant.revoked) return apiError(401, 'MOCK_TOKEN_REVOKED', 'the access token has been revoked');
  if (context.settings.now() >= record.expiresAt) return apiError(401, 'MOCK_TOKEN_EXPIRED', 'the access token has expired');
  if (!record.grant.scopes.includes(ACCOUNT_SCOPE)) return apiError(403, 'MOCK_SCOPE_MISSING', `the access token lacks the ${ACCOUNT_SCOPE} scope`);
  return jsonResponse(200, SAMPLE_ACCOUNTS);
}
