/**
 * The 32-bit FNV-1a hash of `length` bytes at `start`. A key longer than 64 bytes is hashed by its
 * length, first and last 32 bytes and 64 bytes spread between: hashing all of a 50 kB key would
 * cost more than the rest of a get. Keys that differ only elsewhere share a probe sequence, where
 * the byte comparison still tells them apart. Index checkpoints store these hashes: changing the
 * function means changing the checkpoint's magic.
 */
export function hashBytes(bytes: Buffer, start: number, length: number): number {
  let hash = 0x811c9dc5 ^ length;
  if (length <= 64) {
    for (let i = start; i < start + length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    return hash | 0;
  }
  const end = start + length;
  for (let i = start; i < start + 32; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  for (let i = end - 32; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  const stride = Math.floor((length - 64) / 64) + 1;
  for (let i = start + 32; i < end - 32; i += stride) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash | 0;
}
