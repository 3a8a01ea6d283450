// Runs sigv4presign's signing core on MicroPython (WebAssembly port) against the AWS
// SigV4 query vectors.
//
// The core (sigv4presign/__init__.py and sigv4presign/core/*.py) is read from the checkout
// at run time and written to MicroPython's in-memory file system under /lib/sigv4presign/;
// the vectors (from the checkout's tests/vectors/) go to /data/vectors.json;
// then vector_runner.py runs inside MicroPython.
//
// stdout: the runner's JSON lines (one per case, then a summary line).
// stderr: a one-line human summary, or what went wrong.
// Exit status: 0 when every case passed, 1 when a case failed, 2 when it could not run.
//
// Usage: node tests/micropython/run.mjs [--calls CALLS.json]   (after `npm ci` here)
//   --calls: a JSON list of presign calls (see vector_runner.run_call) to run as well;
//   their results are printed, for the caller to compare with CPython's.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "..", "..");
const PACKAGE = join(ROOT, "sigv4presign");
const VECTORS = join(ROOT, "tests", "vectors");

// The core: exactly what a board gets, the package's __init__.py and every module of
// sigv4presign/core/ (the folder is the one list of what runs on MicroPython). The upper
// layers are not copied, so an import of one of them from the core fails here.
const CORE_DIR = join(PACKAGE, "core");
const CORE = readdirSync(CORE_DIR).filter((name) => name.endsWith(".py")).sort();

class CannotRun extends Error {}

function fail(message) {
  throw new CannotRun(message);
}

function read(path) {
  return readFileSync(path, "utf8");
}

function loadVectors() {
  const v4dir = join(VECTORS, "v4");
  if (!existsSync(v4dir)) fail("test vectors not found at " + VECTORS);
  // one folder per case; LICENSE and NOTICE sit beside them
  const v4 = readdirSync(v4dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = join(v4dir, name);
      return {
        name,
        context: JSON.parse(read(join(dir, "context.json"))),
        request: read(join(dir, "request.txt")),
        canonical_request: read(join(dir, "query-canonical-request.txt")),
        string_to_sign: read(join(dir, "query-string-to-sign.txt")),
        signature: read(join(dir, "query-signature.txt")),
      };
    });
  const s3_docs = JSON.parse(read(join(VECTORS, "s3-docs", "presigned-get-object.json")));
  const flag = process.argv.indexOf("--calls");
  const calls = flag > 0 ? JSON.parse(read(process.argv[flag + 1])) : [];
  return { v4, s3_docs, calls };
}

function mkdir(fs, path) {
  try {
    fs.mkdir(path);
  } catch (e) {
    // already there (/lib usually is)
  }
}

async function main() {
  let loadMicroPython;
  try {
    ({ loadMicroPython } = await import("@micropython/micropython-webassembly-pyscript"));
  } catch (e) {
    fail("the npm package is not installed: run `npm ci` in tests/micropython (" + e.message + ")");
  }
  const data = loadVectors();

  const lines = [];
  const errors = [];
  const mp = await loadMicroPython({
    stdout: (line) => lines.push(line),
    stderr: (line) => errors.push(line),
  });
  mkdir(mp.FS, "/lib");
  mkdir(mp.FS, "/lib/sigv4presign");
  mkdir(mp.FS, "/lib/sigv4presign/core");
  mp.FS.writeFile("/lib/sigv4presign/__init__.py", read(join(PACKAGE, "__init__.py")));
  for (const name of CORE) {
    mp.FS.writeFile("/lib/sigv4presign/core/" + name, read(join(CORE_DIR, name)));
  }
  mp.FS.writeFile("/lib/vector_runner.py", read(join(HERE, "vector_runner.py")));
  mkdir(mp.FS, "/data");
  mp.FS.writeFile("/data/vectors.json", JSON.stringify(data));

  try {
    mp.runPython("import vector_runner\nvector_runner.main()\n");
  } catch (e) {
    for (const line of lines) process.stdout.write(line + "\n");
    fail("the runner raised: " + e.message + (errors.length ? "\n" + errors.join("\n") : ""));
  }
  for (const line of lines) process.stdout.write(line + "\n");

  const results = lines.map((line) => JSON.parse(line));
  const summary = results.find((r) => r.summary);
  if (!summary) fail("the runner printed no summary");
  const callsFailed = results.filter((r) => r.set === "calls" && !r.ok);
  const ok =
    summary.v4_total === data.v4.length &&
    summary.v4_passed === summary.v4_total &&
    summary.docs_passed === true &&
    summary.calls_run === data.calls.length &&
    callsFailed.length === 0;
  process.stderr.write(
    `micropython ${summary.version.join(".")}: v4 ${summary.v4_passed}/${summary.v4_total} ` +
      `passed, S3 docs example ${summary.docs_passed ? "passed" : "FAILED"}, ` +
      `${summary.calls_run} calls run (${callsFailed.length} crashed)\n`,
  );
  return ok ? 0 : 1;
}

// exitCode rather than process.exit(), so that stdout is flushed in full
main().then(
  (status) => {
    process.exitCode = status;
  },
  (e) => {
    process.stderr.write("micropython: " + (e instanceof CannotRun ? e.message : e.stack) + "\n");
    process.exitCode = 2;
  },
);
