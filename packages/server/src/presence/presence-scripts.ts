/**
 * The Redis presence registry's transitions, each one Lua script so that Redis runs it atomically:
 * "first device" and "last device" are answers for the whole cluster, and a reaper's removal of
 * a dead node cannot interleave with that node's own writes.
 *
 * Keys (under `REDIS_KEY_PREFIX` and the registry's namespace, `presence:` or `attention:`):
 * `user:<userId>` hash nodeId → sockets on that node; `node:<nodeId>` set of the node's users;
 * `nodes` sorted set nodeId → lease expiry (ms, Redis's clock, so nodes' clocks need not agree).
 * A node writes users only while its lease exists: once reaped, its writes answer -1 and it
 * re-registers everything it has.
 * The scripts build user and node keys from prefixes, so they need a single Redis (not Cluster).
 */

/** Redis's own clock in milliseconds. */
const NOW = `local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/** Removes a node's fields from its users' hashes; appends users left with none to `offline`. */
const REMOVE_NODE = `local function removeNode(nodeKeyPrefix, userKeyPrefix, nodeId, offline)
  local nodeKey = nodeKeyPrefix .. nodeId
  for _, userId in ipairs(redis.call('SMEMBERS', nodeKey)) do
    local userKey = userKeyPrefix .. userId
    redis.call('HDEL', userKey, nodeId)
    if redis.call('EXISTS', userKey) == 0 then table.insert(offline, userId) end
  end
  redis.call('DEL', nodeKey)
end
`;

/**
 * KEYS: nodes, user, node. ARGV: nodeId, userId.
 * 1: the user's first socket in the cluster; 0: not; -1: this node has no lease (nothing written).
 */
export const CONNECT = `if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return -1 end
local count = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
if count ~= 1 then return 0 end
redis.call('SADD', KEYS[3], ARGV[2])
if redis.call('HLEN', KEYS[2]) == 1 then return 1 end
return 0
`;

/**
 * KEYS: nodes, user, node. ARGV: nodeId, userId.
 * 1: the user's last socket in the cluster; 0: not (or unknown here); -1: no lease.
 */
export const DISCONNECT = `if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return -1 end
local count = tonumber(redis.call('HGET', KEYS[2], ARGV[1]))
if not count then return 0 end
if count > 1 then
  redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
  return 0
end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[2])
if redis.call('EXISTS', KEYS[2]) == 0 then return 1 end
return 0
`;

/**
 * KEYS: nodes, node. ARGV: nodeId, leaseMs, userKeyPrefix, then userId, sockets pairs: what this
 * node has now. Replaces whatever Redis holds for the node with it and takes a fresh lease.
 * Returns { users who came online by it, users who went offline by it }.
 */
export const REGISTER = `${NOW}local nodeId, userKeyPrefix = ARGV[1], ARGV[3]
local wanted = {}
for i = 4, #ARGV, 2 do wanted[ARGV[i]] = ARGV[i + 1] end
local online, offline = {}, {}
for _, userId in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if not wanted[userId] then
    local userKey = userKeyPrefix .. userId
    redis.call('HDEL', userKey, nodeId)
    if redis.call('EXISTS', userKey) == 0 then table.insert(offline, userId) end
  end
end
redis.call('DEL', KEYS[2])
for userId, count in pairs(wanted) do
  local userKey = userKeyPrefix .. userId
  if redis.call('EXISTS', userKey) == 0 then table.insert(online, userId) end
  redis.call('HSET', userKey, nodeId, count)
  redis.call('SADD', KEYS[2], userId)
end
redis.call('ZADD', KEYS[1], now() + tonumber(ARGV[2]), nodeId)
return { online, offline }
`;

/**
 * A node's heartbeat, one script so that a beat costs one command per registry (presence and
 * attention each beat).
 * KEYS: nodes. ARGV: nodeId, leaseMs, nodeKeyPrefix, userKeyPrefix, most nodes reaped per call.
 * Extends this node's lease if it still exists (if it is gone, reaped or lost with Redis, the node
 * must re-register instead of re-creating an empty lease). Then claims nodes whose lease has
 * expired (removing them from `nodes` in the same atomic step, so no other reaper can claim them
 * too) and removes their users. Returns { 1 if renewed else 0, users who went offline thereby }.
 */
export const BEAT = `${NOW}${REMOVE_NODE}local renewed = 0
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], now() + tonumber(ARGV[2]), ARGV[1])
  renewed = 1
end
local offline = {}
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now(), 'LIMIT', 0, tonumber(ARGV[5]))
for _, nodeId in ipairs(expired) do
  if redis.call('ZREM', KEYS[1], nodeId) == 1 then
    removeNode(ARGV[3], ARGV[4], nodeId, offline)
  end
end
return { renewed, offline }
`;

/**
 * KEYS: nodes. ARGV: nodeKeyPrefix, userKeyPrefix, nodeId. A node's goodbye: removes its lease
 * and users. Returns the users who went offline thereby.
 */
export const LEAVE = `${REMOVE_NODE}local offline = {}
redis.call('ZREM', KEYS[1], ARGV[3])
removeNode(ARGV[1], ARGV[2], ARGV[3], offline)
return offline
`;
