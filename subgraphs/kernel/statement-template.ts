import { is, Param, Placeholder, type SQL, type SQLChunk, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

const dialect = new PgDialect();

/**
 * A statement whose text is fixed once its shape is known, with a few values (`sql.placeholder`)
 * filled in per call. drizzle renders an SQL template chunk by chunk on every execution — for a
 * record list of 25 columns that was the largest part of a subgraph's CPU per request, far more
 * than the statement itself. A template is rendered once; each call hands drizzle only the text
 * pieces and the parameters, which render at once. The statement still goes through the drizzle
 * handle, so it is counted and prepared like any other.
 */
export class StatementTemplate {
  private readonly pieces: string[];
  private readonly slots: ({ fixed: unknown } | { name: string })[];

  constructor(query: SQL) {
    const rendered = dialect.sqlToQuery(query);
    // drizzle numbers the parameters $1…$n in the order they appear, each once.
    this.pieces = rendered.sql.split(/\$\d+\b/);
    if (this.pieces.length !== rendered.params.length + 1) throw new Error('statement template: parameters out of step with the text');
    // A placeholder comes back bare, or inside the Param that carried it (`sql.param(placeholder)`).
    this.slots = rendered.params.map((p) => {
      const placeholder = is(p, Placeholder) ? p : is(p, Param) && is(p.value, Placeholder) ? (p.value as Placeholder) : null;
      return placeholder ? { name: placeholder.name as string } : { fixed: p };
    });
  }

  /** The statement with `values` in its placeholders. */
  with(values: Record<string, unknown>): SQL {
    const chunks: SQLChunk[] = [sql.raw(this.pieces[0]!)];
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i]!;
      if ('name' in slot && !(slot.name in values)) throw new Error(`statement template: no value for ${slot.name}`);
      // sql.param, not a template value: a template would spread an array into a list.
      chunks.push(sql.param('name' in slot ? values[slot.name] : slot.fixed), sql.raw(this.pieces[i + 1]!));
    }
    return sql.join(chunks);
  }
}

/**
 * Templates remembered per owner (a rule list, a record list's spec) and key, for the life of the
 * process; `maxPerOwner` bounds what unusual keys (page sizes) can add.
 */
export class TemplateCache<TOwner extends object> {
  private readonly byOwner = new WeakMap<TOwner, Map<string, StatementTemplate>>();

  constructor(private readonly maxPerOwner = 200) {}

  get(owner: TOwner, key: string, build: () => SQL): StatementTemplate {
    let templates = this.byOwner.get(owner);
    if (!templates) this.byOwner.set(owner, (templates = new Map()));
    let template = templates.get(key);
    if (!template) {
      if (templates.size >= this.maxPerOwner) templates.clear();
      template = new StatementTemplate(build());
      templates.set(key, template);
    }
    return template;
  }
}
