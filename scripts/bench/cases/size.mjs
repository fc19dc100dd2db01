// Bundle size: what the imports a token client needs add to an edge bundle (esbuild, minified,
// platform neutral), for each library, and for the floor of this package's design: openapi-fetch
// plus jose's jwtVerify. (scripts/size.mjs holds this package's budget.)
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { bundleAsInstalled, EDGE_BUILD_OPTIONS, root } from '../../edge-bundle.mjs';

const BUNDLES = [
  { name: 'gmo-aozora-auth createTokenClient', source: "export { createTokenClient } from 'gmo-aozora-auth';", installed: true },
  { name: 'floor: openapi-fetch + jose jwtVerify', source: "export { default as createClient } from 'openapi-fetch'; export { jwtVerify } from 'jose';" },
  {
    name: 'oauth4webapi (code + refresh)',
    source:
      "export { validateAuthResponse, authorizationCodeGrantRequest, processAuthorizationCodeResponse, refreshTokenGrantRequest, processRefreshTokenResponse, ClientSecretBasic } from 'oauth4webapi';",
  },
  {
    name: 'openid-client (code + refresh)',
    source: "export { Configuration, authorizationCodeGrant, refreshTokenGrant, ClientSecretBasic } from 'openid-client';",
  },
];

export default {
  name: 'size',
  async run() {
    const rows = [];
    for (const b of BUNDLES) {
      const options = { format: 'esm', minify: true };
      const result = b.installed
        ? await bundleAsInstalled(b.source, options)
        : await build({ ...EDGE_BUILD_OPTIONS, ...options, stdin: { contents: b.source, resolveDir: root, loader: 'js' } });
      const code = result.outputFiles[0].contents;
      rows.push({ name: b.name, minifiedBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length });
    }
    const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
    const lines = [
      'bundle: esbuild, minified, platform neutral, gzip -9',
      '',
      '| bundle | minified | gzip |',
      '|---|---:|---:|',
      ...rows.map((r) => `| ${r.name} | ${kb(r.minifiedBytes)} | ${kb(r.gzipBytes)} |`),
    ];
    return { json: { rows }, lines };
  },
};
