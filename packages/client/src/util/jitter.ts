/**
 * A wait of at least `ms` and less than twice that, picked at random. Every client of a node that
 * went away (or that refused them all at once) is told the same delay: waiting exactly that long
 * would bring them back together, in lockstep, as the storm that was refused. Never shorter than
 * what the server asked for.
 */
export function withJitter(ms: number): number {
  return ms + Math.random() * ms;
}
