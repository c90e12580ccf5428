#!/usr/bin/env node
// A person editing MEMORY.md while Engram writes it: every `interval` ms, one new line
// `- hand entry N`, either appended in place (`append`, like `echo >>`) or saved the way editors
// save (`rename`: read the file, write the whole new text to a temp file, rename it over).
// Stops when the stop file appears; prints the number of lines it wrote on its last line.
import fs from 'node:fs';
import path from 'node:path';

const [file, style, intervalArg, stopFile, prefix = 'hand entry'] = process.argv.slice(2);
const interval = Number(intervalArg) || 30;
let n = 0;

function readOrRetry() {
  // An editor reloading a file that is being replaced this instant retries, as editors do.
  for (let i = 0; ; i++) {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      if (err.code !== 'ENOENT' || i > 1000) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

function once() {
  const line = `- ${prefix} ${n + 1}\n`;
  if (style === 'append') {
    fs.appendFileSync(file, line);
  } else {
    const before = readOrRetry();
    const sep = before.length && before[before.length - 1] !== 0x0a ? '\n' : '';
    const tmp = path.join(path.dirname(file), `.editor-save-${process.pid}.tmp`);
    fs.writeFileSync(tmp, Buffer.concat([before, Buffer.from(sep + line)]));
    fs.renameSync(tmp, file);
  }
  n++;
}

const timer = setInterval(() => {
  if (fs.existsSync(stopFile)) {
    clearInterval(timer);
    process.stdout.write(`${n}\n`);
    return;
  }
  once();
}, interval);
