/**
 * The DevTools protocol between the page (the SDK's bridge) and the Convex Lens extension: its
 * message types, its limits, and the one validator both sides run on what they receive.
 *
 * This entry and the files it re-exports (protocol*.ts) import nothing else of the SDK, so the
 * extension's bundle pulls in only them: the wire types (protocolTypes.ts), the validator
 * (protocolValidator.ts) with the readers of each batch item (protocolItems.ts), and the budgeted
 * field reader under both (protocolReader.ts).
 *
 * ```
 * page ── {source:"convex-lens", v:1, session, batch:[…]} ──▶ content script ──▶ background ──▶ panel
 * page ◀── {source:"convex-lens-devtools", v:1, type:"hello"|"bye"|"command"} ── content script
 * ```
 * Each direction has its own `source` tag, so neither side mistakes its own messages (both worlds
 * of a page see every `window.postMessage`) for the other's, as Apollo Client DevTools tags its.
 * The hello goes through `window.postMessage` with a `MessagePort` transferred beside it
 * (`event.ports[0]`, not a field of the message); batches, bye and commands then use that port
 * (see bridge.ts). The messages are the same on either path, and validated the same.
 */

// Every name of protocolTypes.ts is public: the constants and the wire types.
export * from "./protocolTypes.js";
export {
  hasProtocolTag,
  isPageMessage,
  validateDevtoolsMessage,
  validateMessage,
} from "./protocolValidator.js";
