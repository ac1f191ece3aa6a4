/** A template's `{{name}}` slot had no value, or a value was given for no slot. */
class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/**
 * Fills the `{{name}}` slots of a sql/ template with SQL fragments built from registry names (quoted by
 * lib/tables/identifiers.ts), never with values: values stay `{name:Type}` / `$n` bound parameters.
 * @throws TemplateError when a slot has no fragment or a fragment has no slot (a template and its caller disagree).
 */
function renderTemplate(template: string, fragments: Readonly<Record<string, string>>): string {
  const used = new Set<string>();
  const text = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const fragment = fragments[name];
    if (fragment === undefined) throw new TemplateError(`template slot {{${name}}} has no value`);
    used.add(name);
    return fragment;
  });
  const unused = Object.keys(fragments).filter((name) => !used.has(name));
  if (unused.length > 0) throw new TemplateError(`template has no slot for ${unused.join(', ')}`);
  return text;
}

export { renderTemplate, TemplateError };
