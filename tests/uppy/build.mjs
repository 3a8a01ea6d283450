// Bundles the pinned Uppy packages into dist/uppy.mjs (one ES module exporting Uppy,
// Dashboard and AwsS3) and dist/uppy.css (core + dashboard styles), the two files
// `sigv4presign serve --demo --uppy-dir tests/uppy/dist` serves and the browser test loads.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { build } from 'esbuild'

const here = new URL('.', import.meta.url)
mkdirSync(new URL('dist/', here), { recursive: true })
await build({
  entryPoints: [new URL('entry.mjs', here).pathname],
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2022',
  legalComments: 'eof',
  outfile: new URL('dist/uppy.mjs', here).pathname,
  logLevel: 'warning',
})
const css = ['@uppy/core/css/style.min.css', '@uppy/dashboard/css/style.min.css']
  .map((name) => readFileSync(new URL('node_modules/' + name.replace('/css/', '/dist/'), here), 'utf8'))
writeFileSync(new URL('dist/uppy.css', here), css.join('\n'))
