/**
 * What a deferred part (deferred.tsx) shows while its chunk is fetched, in the shape of where it
 * stands, so nothing jumps when it arrives. The chunks are preloaded once the first screen is up,
 * so these mostly show on a slow network right after load.
 */

/** A dialog or an overlay: nothing to see, the loading is announced (the dialog takes focus next). */
export const dialogLoading = (
  <p role="status" className="visually-hidden">
    Loading…
  </p>
);

/** A section's list in the sidebar: the same line the sidebar shows while access is loading. */
export const listLoading = <p className="rooms-empty">Loading…</p>;

/** The pane beside the list: empty, busy, the pane's own background. */
export const paneLoading = <div className="splash" aria-busy="true" aria-label="Loading" />;
