/**
 * A chat room with this many sockets online on one node is large: what its members do is told to
 * it gathered (presence, delivery receipts), since told one by one to every member each change
 * would cost as many packets as there are members, and all the members' changes their square.
 *
 * The measure is the node's own (the adapter's index, O(1)), so on a cluster nodes may judge the
 * same room differently. That is safe: clients take both forms for any room, each node answers
 * only for the changes it publishes, and each form reaches every member of the room.
 */
export const LARGE_ROOM_ONLINE = 100;
