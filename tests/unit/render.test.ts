import { describe, expect, it } from 'vitest';
import { renderTemplate, TemplateError } from '../../lib/tables/render.ts';

/** The TemplateError renderTemplate throws. */
function refusal(template: string, fragments: Record<string, string>): { name: string; message: string } {
  try {
    renderTemplate(template, fragments);
  } catch (error) {
    if (error instanceof TemplateError) return { name: error.name, message: error.message };
    throw error;
  }
  throw new Error('expected a TemplateError');
}

describe('renderTemplate', () => {
  it('fills every slot, a slot used twice included, and leaves bound parameters and other braces alone', () => {
    // Prepare
    const template = 'SELECT {{id}} FROM {{table}} WHERE {{id}} > {id_from:Int64} AND x = {{not-a-slot}}';
    // Act
    const text = renderTemplate(template, { id: '"id"', table: '"public"."orders"' });
    // Assess
    expect(text).toBe('SELECT "id" FROM "public"."orders" WHERE "id" > {id_from:Int64} AND x = {{not-a-slot}}');
  });

  it('inserts fragments literally, replacement patterns included', () => {
    // Act
    const text = renderTemplate('SELECT {{expr}}', { expr: "replace(x, '$1', '$&')" });
    // Assess
    expect(text).toBe("SELECT replace(x, '$1', '$&')");
  });

  it('refuses a slot that has no fragment', () => {
    // Act
    const error = refusal('SELECT {{id}} FROM {{table}}', { id: 'id' });
    // Assess
    expect(error).toEqual({ name: 'TemplateError', message: 'template slot {{table}} has no value' });
  });

  it('refuses fragments that have no slot, naming them all', () => {
    // Act
    const error = refusal('SELECT {{id}}', { id: 'id', table: 't', where: 'w' });
    // Assess
    expect(error).toEqual({ name: 'TemplateError', message: 'template has no slot for table, where' });
  });
});
