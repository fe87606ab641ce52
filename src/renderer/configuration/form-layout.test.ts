import { describe, expect, it } from 'vitest';
import { FIELD_SPECS } from '../../shared/config/fields';
import { FIELD_LABELS, FORM_GROUPS } from './form-layout';

describe('configuration form layout', () => {
  const laidOut = FORM_GROUPS.flatMap((group) => group.sections.flatMap((section) => section.fields));

  it('places every config field exactly once, and nothing that is not a field', () => {
    const editable = [...FIELD_SPECS.keys()].filter((path) => path !== 'version' && path !== 'description');
    expect([...laidOut].sort()).toEqual([...editable].sort());
    expect(new Set(laidOut).size).toBe(laidOut.length);
  });

  it('labels every field, with unique labels', () => {
    for (const path of laidOut) expect(FIELD_LABELS[path]?.label, path).toBeTruthy();
    const labels = laidOut.map((path) => FIELD_LABELS[path]?.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('has the six groups the issue asks for', () => {
    expect(FORM_GROUPS.map((group) => group.title)).toEqual(['Basic', 'Augmentation', 'Model', 'Optimizer', 'Loss', 'Advanced']);
  });
});
