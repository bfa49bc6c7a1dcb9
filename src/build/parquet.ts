// Rows → zstd Parquet, through an in-memory DuckDB. Values are never spliced into SQL: tables
// are created from the column list (names are checked identifiers) and filled with the appender.
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { Column, Value } from './rows.ts';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const INT32 = 2 ** 31;

export class ParquetWriter {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<ParquetWriter> {
    const instance = await DuckDBInstance.create(':memory:');
    return new ParquetWriter(instance, await instance.connect());
  }

  /**
   * Write `rows` to `path` as one Parquet file with exactly `columns`, in the order given.
   * A value that does not fit its column type (a fraction in an INTEGER column, a number too
   * large for it, a number given as text) is written as null and reported through `warn`.
   */
  async write(table: string, columns: readonly Column[], rows: Iterable<readonly Value[]>, path: string, warn: (message: string) => void): Promise<number> {
    if (!IDENTIFIER.test(table)) throw new Error(`invalid table name ${table}`);
    for (const c of columns) if (!IDENTIFIER.test(c.name)) throw new Error(`invalid column name ${c.name}`);
    const ddl = columns.map((c) => `"${c.name}" ${c.type}`).join(', ');
    await this.connection.run(`CREATE OR REPLACE TABLE ${table} (${ddl})`);

    const appender = await this.connection.createAppender(table);
    let count = 0;
    try {
      for (const row of rows) {
        if (row.length !== columns.length) throw new Error(`${table}: row has ${row.length} values for ${columns.length} columns`);
        columns.forEach((column, i) => append(appender, column, row[i], (why) => warn(`${table} row ${count + 1}, ${column.name}: ${why}; written as null`)));
        appender.endRow();
        count++;
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    // COPY takes no bound parameters; the path is ours (a temp name), quoted as an SQL string.
    await this.connection.run(`COPY ${table} TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`);
    await this.connection.run(`DROP TABLE ${table}`);
    return count;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function sqlString(text: string): string {
  if (text.includes('\u0000')) throw new Error('path holds a NUL byte');
  return `'${text.replace(/'/g, "''")}'`;
}

function append(appender: DuckDBAppender, column: Column, value: Value | undefined, warn: (why: string) => void): void {
  if (value === null || value === undefined) return appender.appendNull();
  if (column.type === 'VARCHAR') return appender.appendVarchar(String(value));
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    warn(`${JSON.stringify(value)} is not a number`);
    return appender.appendNull();
  }
  switch (column.type) {
    case 'DOUBLE':
      return appender.appendDouble(value);
    case 'INTEGER':
      if (!Number.isInteger(value) || value >= INT32 || value < -INT32) {
        warn(`${value} is not a 32-bit integer`);
        return appender.appendNull();
      }
      return appender.appendInteger(value);
    case 'BIGINT':
      if (!Number.isSafeInteger(value)) {
        warn(`${value} is not an integer`);
        return appender.appendNull();
      }
      return appender.appendBigInt(BigInt(value));
  }
}
