/**
 * The chat chunk, loaded lazily (dynamic import) when the visitor opens the widget: the SDK, and
 * the panel that shows it. Zod is set up first.
 */
import './zod-without-eval.js';

export { Panel } from './panel.js';
export { VisitorChat } from './visitor-chat.js';
