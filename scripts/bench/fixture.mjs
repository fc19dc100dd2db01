// Values the benchmark's server and clients share.
export const CLIENT_ID = 'bench-client';
export const CLIENT_SECRET = 'bench-secret-0123456789';
export const REDIRECT_URI = 'https://bff.example.com/callback';
export const CODE = 'code-bench';
export const REFRESH_TOKEN = 'refresh-bench';
/** The nonce the server puts in every id_token; the clients' nonce checks accept it. */
export const NONCE = 'nonce-bench';
