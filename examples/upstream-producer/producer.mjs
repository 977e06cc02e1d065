#!/usr/bin/env node
// An upstream service asking UnlearnRec to forget interactions, written the way another team would write it: only the
// documented wire formats (docs/online.md §4 and §5), the official Azure Storage SDK for JavaScript and a standard
// MessagePack encoder. None of UnlearnRec's own code is used, so this also checks that the formats are what the
// documentation says.
//
//   node producer.mjs queue --connection-string CS [--queue unlearnrec-deletions-0] --id ID [--scope S] --user U --items 1,2
//   node producer.mjs http  --url http://127.0.0.1:8080 --token T [--msgpack] --id ID [--scope S] --user U --items 1,2
//   node producer.mjs status --url URL --token T --id ID [--wait-seconds 30]
//
// scope: interactions (default: --user and --items), user (--user), item (--items with the one item).
// Prints one JSON object on stdout; exits 1 with a message on stderr when the request is refused or fails.
import { QueueClient } from "@azure/storage-queue";
import { encode } from "@msgpack/msgpack";

function parse(argv) {
  const [mode, ...rest] = argv;
  const options = {};
  for (let i = 0; i < rest.length; i++) {
    const key = rest[i];
    if (!key.startsWith("--")) throw new Error(`unexpected argument '${key}'`);
    const name = key.slice(2);
    if (name === "msgpack") { options.msgpack = true; continue; }
    if (i + 1 >= rest.length) throw new Error(`${key} needs a value`);
    options[name] = rest[++i];
  }
  return { mode, options };
}

function required(options, name) {
  if (options[name] === undefined || options[name] === "") throw new Error(`--${name} is required`);
  return options[name];
}

function request(options) {
  const scope = options.scope ?? "interactions";
  const items = (options.items ?? "").split(",").filter((s) => s !== "").map(Number);
  const user = options.user === undefined ? 0 : Number(options.user);
  if (![user, ...items].every(Number.isSafeInteger)) throw new Error("user and items must be integers");
  return { requestId: required(options, "id"), scope, user, items };
}

// §5: base64 text of the MessagePack array [version, requestId, scope, user, items, occurredAtUnixMs]
function envelope(r) {
  return encode([1, r.requestId, r.scope, r.user, r.items, Date.now()]);
}

async function viaQueue(options) {
  const r = request(options);
  const queue = new QueueClient(required(options, "connection-string"), options.queue ?? "unlearnrec-deletions-0");
  await queue.createIfNotExists();
  const sent = await queue.sendMessage(Buffer.from(envelope(r)).toString("base64"));
  return { mode: "queue", requestId: r.requestId, queue: queue.name, messageId: sent.messageId };
}

async function call(options, path, init = {}) {
  const url = new URL(path, required(options, "url"));
  const response = await fetch(url, { ...init, headers: { Authorization: `Bearer ${required(options, "token")}`, ...(init.headers ?? {}) } });
  const text = await response.text();
  return { status: response.status, body: text === "" ? null : JSON.parse(text) };
}

async function viaHttp(options) {
  const r = request(options);
  // §4: JSON names the item of an item-scope request "item"; the MessagePack body is the queue envelope
  const json = r.scope === "item" ? { requestId: r.requestId, scope: "item", item: r.items[0] } : r;
  const init = options.msgpack
    ? { method: "POST", body: envelope(r), headers: { "Content-Type": "application/x-msgpack" } }
    : { method: "POST", body: JSON.stringify(json), headers: { "Content-Type": "application/json" } };
  const { status, body } = await call(options, "deletions", init);
  if (status !== 202) throw new Error(`POST /deletions answered ${status}: ${JSON.stringify(body)}`);
  return { mode: options.msgpack ? "http-msgpack" : "http-json", ...body };
}

async function status(options) {
  const id = required(options, "id");
  const deadline = Date.now() + 1000 * Number(options["wait-seconds"] ?? 0);
  for (;;) {
    const { status: code, body } = await call(options, `deletions/${encodeURIComponent(id)}`);
    const final = code === 200 && (body.state === "applied" || body.state === "rejected");
    if (final || Date.now() >= deadline) {
      if (code !== 200 && code !== 404) throw new Error(`GET /deletions/${id} answered ${code}`);
      return code === 404 ? { requestId: id, state: "unknown" } : body;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

try {
  const { mode, options } = parse(process.argv.slice(2));
  const run = { queue: viaQueue, http: viaHttp, status }[mode];
  if (!run) throw new Error("usage: producer.mjs queue|http|status [options] (see the comment at the top)");
  console.log(JSON.stringify(await run(options)));
} catch (error) {
  console.error(`producer: ${error.message}`);
  process.exit(1);
}
