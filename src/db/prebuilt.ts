import { is, Param, Placeholder, type Query, SQL, sql } from 'drizzle-orm';
import type {
  PgDialect,
  PgPreparedQuery,
  PgQueryResultHKT,
  PgSession,
  PreparedQueryConfig,
  SelectedFieldsOrdered,
} from 'drizzle-orm/pg-core';
import type { Queryable, Tx } from './client.ts';

/**
 * Statements a hot path runs with the same shape every time, built by drizzle once and then only
 * given each call's values: building a statement (its SQL text, its parameters, drizzle's type checks
 * on every chunk) cost the server more than PostgreSQL spent running a ticket's insert (bench/README.md,
 * *Statements built once*). The connection prepares the text once as well (client.ts, prepareByText).
 */

/** What a drizzle builder becomes when prepared: its text, its parameters and how to map its rows. */
type Prepared = PgPreparedQuery<PreparedQueryConfig> & {
  queryString: string;
  params: unknown[];
  fields?: SelectedFieldsOrdered;
  customResultMapper?: (rows: unknown[][]) => unknown;
  joinsNotNullableMap?: Record<string, boolean>;
};

type Preparable = { prepare(name: string): PgPreparedQuery<PreparedQueryConfig> };

type Template = {
  query: Query;
  /** A builder's rows come as arrays mapped to its fields; a raw statement's as the driver's result. */
  rowsAsArrays: boolean;
  fields: SelectedFieldsOrdered | undefined;
  customResultMapper: ((rows: unknown[][]) => unknown) | undefined;
  joinsNotNullableMap: Record<string, boolean> | undefined;
};

type Result<B extends Preparable | SQL> = B extends Preparable
  ? Awaited<ReturnType<ReturnType<B['prepare']>['execute']>>
  : PgQueryResultHKT['type'];

/** A named value of the statement, given at each call. */
export type ValueOf<Values> = <K extends keyof Values & string>(name: K) => Placeholder<K, Values[K]>;

const isPlaceholder = (param: unknown) =>
  is(param, Placeholder) || (is(param, Param) && is((param as Param).value, Placeholder));

// Drizzle keeps a transaction's or database's session (its connection or pool) and dialect out of its public type.
const internalsOf = (q: Queryable) => q as unknown as { session: PgSession; dialect: PgDialect };

function templateOf(name: string, tx: Queryable, built: Preparable | SQL): Template {
  const raw = is(built, SQL);
  const prepared = raw ? undefined : (built.prepare(name) as Prepared);
  const query = raw
    ? internalsOf(tx).dialect.sqlToQuery(built)
    : { sql: prepared!.queryString, params: prepared!.params };
  // A value fixed when the statement was built would be sent on every later call: every value of a
  // prebuilt statement is a placeholder (a constant belongs in the SQL text or in the call's values).
  const fixed = query.params.findIndex((param) => !isPlaceholder(param));
  if (fixed >= 0) throw new Error(`prebuilt statement ${name}: parameter $${fixed + 1} is not a placeholder`);
  if (!prepared)
    return {
      query,
      rowsAsArrays: false,
      fields: undefined,
      customResultMapper: undefined,
      joinsNotNullableMap: undefined,
    };
  return {
    query,
    rowsAsArrays: true,
    fields: prepared.fields,
    customResultMapper: prepared.customResultMapper,
    joinsNotNullableMap: prepared.joinsNotNullableMap,
  };
}

/** Shapes kept per statement; past it they are built again (a queue page has a few dozen in use). */
const SHAPES_KEPT = 256;

/**
 * A statement built once, on its first call, from `build` (with `value('name')` for each value) and
 * run in the caller's transaction (or on the database, outside one) with that call's values:
 * `const insertThing = prebuilt<{ id: string }>()('insert thing', (tx, value) => tx.insert(t).values({ id: value('id') }))`.
 * A statement whose text depends on a few choices (which columns an update sets) takes them as its
 * `shape`, one of a handful of small objects: each shape is built once, on its first call. `build` may
 * give a raw `sql` statement instead of a builder: its answer is then the driver's result (db/rows.ts).
 * A nullable value of a column whose encoder does not take null (a timestamp, a JSON column) goes
 * through `sql\`${value('x')}\``: drizzle maps a placeholder's value with the column's encoder, null
 * included.
 */
export const prebuilt =
  <Values extends Record<string, unknown>, Shape extends Record<string, unknown> | undefined = undefined>() =>
  <B extends Preparable | SQL>(name: string, build: (tx: Tx, value: ValueOf<Values>, shape: Shape) => B) => {
    const templates = new Map<string, Template>();
    const value = (<K extends keyof Values & string>(key: K) => sql.placeholder(key)) as ValueOf<Values>;
    return async (
      tx: Queryable,
      values: Values,
      ...[shape]: Shape extends undefined ? [] : [Shape]
    ): Promise<Result<B>> => {
      const key = shape === undefined ? name : `${name} ${JSON.stringify(shape)}`;
      let template = templates.get(key);
      if (!template) {
        // Only built with: a transaction and the database build the same statements (a read outside
        // any transaction, such as a request's session, is prebuilt on the database).
        template = templateOf(key, tx, build(tx as Tx, value, shape as Shape));
        // A caller who varies a shape (a queue's filters) without end costs a rebuild, never memory.
        if (templates.size >= SHAPES_KEPT) templates.clear();
        templates.set(key, template);
      }
      const { query, rowsAsArrays, fields, customResultMapper, joinsNotNullableMap } = template;
      // Unnamed for drizzle: the connection names it after its text (one name per text, whatever the caller).
      const prepared = internalsOf(tx).session.prepareQuery(
        query,
        fields,
        undefined,
        rowsAsArrays,
        customResultMapper,
      ) as Prepared;
      prepared.joinsNotNullableMap = joinsNotNullableMap;
      return (await prepared.execute(values)) as Result<B>;
    };
  };
