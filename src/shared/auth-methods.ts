/**
 * The client authentication method a user's name for it means: the RFC names
 * (`client_secret_basic`, `client_secret_post`) and the bank's old SDK's short ones (`basic`,
 * `post`), which `./compat` and the CLI both accept. `undefined` for anything else.
 */
export function clientAuthMethodNamed(name: unknown): 'client_secret_basic' | 'client_secret_post' | undefined {
  return typeof name === 'string' && Object.hasOwn(AUTH_METHOD_NAMES, name) ? AUTH_METHOD_NAMES[name] : undefined;
}

const AUTH_METHOD_NAMES: Readonly<Record<string, 'client_secret_basic' | 'client_secret_post'>> = {
  basic: 'client_secret_basic',
  post: 'client_secret_post',
  client_secret_basic: 'client_secret_basic',
  client_secret_post: 'client_secret_post',
};
