import type { Architecture } from '../../shared/config/schema';
import { FIELD_SPECS, getAtPath, setAtPath } from '../../shared/config/fields';
import type { ConfigDifference } from '../../shared/config/presets';
import { formatIssue, type ConfigIssue } from '../../shared/config/validate';
import { configSplitRatios } from '../../shared/core/dataset/config-split';
import type { SplitSummary } from '../../shared/core/dataset/dataset-types';
import { ConfigField } from './config-field';
import type { Json } from './config-draft';
import { FIELD_LABELS, FORM_GROUPS, type FormSection } from './form-layout';
import { SplitSourceNote } from './split-source-note';

export interface ConfigFormProps {
  readonly config: Json;
  readonly issues: readonly ConfigIssue[];
  readonly differences: readonly ConfigDifference[];
  readonly lastSplit: SplitSummary | null;
  readonly onChange: (config: Json) => void;
}

/** The grouped form: one fieldset per section, each field with its issues and a mark when it differs from the preset. */
export function ConfigForm({ config, issues, differences, lastSplit, onChange }: ConfigFormProps) {
  const architecture = getAtPath(config, 'model.architecture');
  const renderSection = (section: FormSection, key: number) => {
    if (section.architectures && !section.architectures.includes(architecture as Architecture)) return null;
    const sectionIssues = issues.filter((issue) => !FIELD_SPECS.has(issue.path) && issue.path !== '' && section.fields.some((field) => field.startsWith(`${issue.path}.`)));
    const fields = section.fields.map((path) => {
      const spec = FIELD_SPECS.get(path);
      const label = FIELD_LABELS[path];
      if (!spec || !label) return null;
      return (
        <ConfigField
          key={path}
          spec={spec}
          label={label}
          value={getAtPath(config, path)}
          issues={issues.filter((issue) => issue.path === path)}
          changed={differences.some((difference) => difference.path === path)}
          onChange={(changedPath, value) => onChange(setAtPath(config, changedPath, value))}
        />
      );
    });
    return (
      <fieldset key={key} className="config-section">
        {section.title && <legend>{section.title}</legend>}
        {sectionIssues.map((issue) => (
          <p key={issue.message} className={`config-issues--${issue.severity}`}>
            {formatIssue(issue)}
          </p>
        ))}
        {section.title === 'Split' && <SplitSourceNote shares={configSplitRatios(config)} lastSplit={lastSplit} />}
        {fields}
      </fieldset>
    );
  };
  return (
    <form onSubmit={(event) => event.preventDefault()} aria-label="Training configuration">
      {FORM_GROUPS.map((group) => (
        <fieldset key={group.id} className="config-group">
          <legend>{group.title}</legend>
          {group.sections.map(renderSection)}
        </fieldset>
      ))}
    </form>
  );
}
