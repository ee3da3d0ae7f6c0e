import { describe, expect, it } from 'vitest';
import { formSpecs } from './forms/specs.js';
import { recordMenu } from './record-menu.js';

describe('the Record page menu', () => {
  it('lists every command that has a form, once', () => {
    const listed = recordMenu.flatMap((g) => g.types);
    expect([...listed].sort()).toEqual(formSpecs.map((s) => s.type).sort());
  });
});
