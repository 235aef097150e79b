// Answers PromQL syntax-tree requests for the OtelKpi tests, one JSON line per request on stdin:
//   "<PromQL text>"            ->  {"tree": [name, from, to, [children...]]}
//                               or {"error": {"from": n, "to": n}} at the first syntax error
// The grammar is the Prometheus project's own (@prometheus-io/lezer-promql, the one its web UI uses).
// Positions are UTF-16 offsets, as in the text. Exits when stdin closes.
import { createInterface } from 'node:readline';
import { parser } from '@prometheus-io/lezer-promql';

function toJson(cursor) {
  const node = [cursor.type.name, cursor.from, cursor.to, []];
  if (cursor.firstChild()) {
    do {
      node[3].push(toJson(cursor));
    } while (cursor.nextSibling());
    cursor.parent();
  }
  return node;
}

function firstError(tree) {
  let error = null;
  tree.iterate({
    enter(node) {
      if (error) return false;
      if (node.type.isError) {
        error = { from: node.from, to: node.to };
        return false;
      }
      return true;
    },
  });
  return error;
}

function answer(text) {
  const tree = parser.parse(text);
  const error = firstError(tree);
  return error ? { error } : { tree: toJson(tree.cursor()) };
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.length === 0) continue;
  let reply;
  try {
    reply = answer(JSON.parse(line));
  } catch (e) {
    reply = { failure: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(reply) + '\n');
}
