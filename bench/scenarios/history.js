/**
 * The big room: `messages:load` at random cursors and `messages:sync` after 1,000 missed.
 * @param {import('../lib/targets.js').RunningTarget} target
 * @param {import('../lib/agent.js').Agent[]} agents
 * @param {import('../lib/plan.js').Plan} plan
 * @param {import('../lib/sizes.js').Sizes} sizes
 */
export async function history(target, agents, plan, sizes) {
  const [agent] = agents;
  return agent.call('history.run', {
    urls: target.urls,
    user: plan.history.members[0],
    roomId: plan.history.id,
    total: sizes.historyMessages,
    pages: sizes.historyPages,
    cursor: target.hasSeq ? 'seq' : 'createdAt',
    syncRepeats: sizes.syncRepeats,
    missed: 1000,
  });
}
