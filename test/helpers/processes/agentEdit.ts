/**
 * Run as its own process (see startTsProcess): one call of the agent's edit tool on a file of a
 * project, as an agent run makes it, so tests can hold it at a step of the write
 * (ENGRAM_TEST_PAUSE_AT) while they save the same file. Prints the tool's output as one JSON line.
 *
 * argv: <project root> <file, relative> <old string> <new string>
 */
import { editTool } from '../../../main/agent/tools/edit';
import type { ToolContext } from '../../../main/agent/tools/toolTypes';

const [root, file, oldString, newString] = process.argv.slice(2);
const ctx = { root, memoryRoot: root, sessionId: 's-test', signal: new AbortController().signal } as unknown as ToolContext;
editTool
  .run({ file_path: file, old_string: oldString, new_string: newString }, ctx)
  .then((r) => process.stdout.write(JSON.stringify({ output: r.output }) + '\n'))
  .catch((e: Error) => process.stdout.write(JSON.stringify({ error: e.message }) + '\n'));
