import type pg from 'pg';

/**
 * `work` with a connection of the pool to itself. A checked-out connection that breaks between
 * queries (the server restarted, a network cut) emits 'error', which the pool no longer handles
 * for it: unheard, it would stop the process. Heard here, it is noted and the connection is
 * thrown away on release instead of going back to the pool.
 */
export async function withConnection<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, broke: () => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  const broke = () => {
    broken = true;
  };
  client.on('error', broke);
  try {
    return await work(client, broke);
  } finally {
    client.off('error', broke);
    client.release(broken);
  }
}

/** `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  begin: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return withConnection(pool, async (client, broke) => {
    await client.query(begin);
    try {
      const value = await work(client);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(broke);
      throw error;
    }
  });
}
