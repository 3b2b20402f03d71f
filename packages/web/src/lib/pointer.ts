/**
 * Whether the main pointer is precise (a mouse): touch screens open the on-screen keyboard when a
 * text box takes focus, so only then does the app focus one by itself.
 */
export const finePointer = (): boolean => window.matchMedia?.('(pointer: fine)').matches ?? true;
