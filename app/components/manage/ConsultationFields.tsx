import { useT } from '../../i18n';
import type { MessageKey } from '../../i18n/sv';
import { Choices, TextArea, TextField } from './Fields';

export type Values = Record<string, string | string[] | undefined>;

const LEVELS = ['inform', 'consult', 'dialogue', 'influence', 'co_decide'] as const;

/** The fields of a consultation shared by the create and edit forms. */
export function ConsultationFields({ values, errors, slugEditable }: { values: Values; errors: Record<string, string>; slugEditable: boolean }) {
  const t = useT();
  const value = (name: string) => {
    const v = values[name];
    return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  };
  const markdownHint = t('manage.field.markdownHint');
  return (
    <>
      <TextField name="title" label={t('manage.field.title')} required defaultValue={value('title')} error={errors.title} />
      {slugEditable && (
        <TextField name="slug" label={t('manage.field.slug')} hint={t('manage.field.slugHint')} defaultValue={value('slug')} error={errors.slug} />
      )}
      <TextArea name="summary" rows={3} label={t('manage.field.summary')} hint={t('manage.field.summaryHint')} defaultValue={value('summary')} error={errors.summary} />
      <TextArea name="bodyMd" rows={10} label={t('manage.field.bodyMd')} hint={markdownHint} defaultValue={value('bodyMd')} error={errors.bodyMd} />
      <TextArea name="influenceMd" rows={4} label={t('manage.field.influenceMd')} hint={markdownHint} defaultValue={value('influenceMd')} error={errors.influenceMd} />
      <TextArea name="decidedMd" rows={4} label={t('manage.field.decidedMd')} hint={markdownHint} defaultValue={value('decidedMd')} error={errors.decidedMd} />
      <TextField name="decisionMaker" label={t('manage.field.decisionMaker')} hint={t('manage.field.decisionMakerHint')} defaultValue={value('decisionMaker')} error={errors.decisionMaker} />
      <TextField name="decisionDate" type="date" label={t('manage.field.decisionDate')} defaultValue={value('decisionDate')} error={errors.decisionDate} />
      <Choices
        name="participationLevel"
        label={t('manage.field.level')}
        hint={t('manage.field.levelHint')}
        selected={[value('participationLevel') || 'consult']}
        error={errors.participationLevel}
        options={LEVELS.map((level) => ({ value: level, label: t(`level.${level}`), hint: t(`manage.level.${level}` as MessageKey) }))}
      />
      <div className="field-row">
        <TextField name="opensAt" type="datetime-local" label={t('manage.field.opensAt')} hint={t('manage.field.timeHint')} defaultValue={value('opensAt')} error={errors.opensAt} />
        <TextField name="closesAt" type="datetime-local" label={t('manage.field.closesAt')} hint={t('manage.field.timeHint')} defaultValue={value('closesAt')} error={errors.closesAt} />
      </div>
      <Choices
        name="moderationMode"
        label={t('manage.field.moderationMode')}
        selected={[value('moderationMode') || 'post']}
        error={errors.moderationMode}
        options={[
          { value: 'post', label: t('consultation.moderation.post') },
          { value: 'pre', label: t('consultation.moderation.pre') },
        ]}
      />
      <TextField
        name="flagThreshold"
        type="number"
        min={1}
        max={100}
        label={t('manage.field.flagThreshold')}
        hint={t('manage.field.flagThresholdHint')}
        defaultValue={value('flagThreshold') || '3'}
        error={errors.flagThreshold}
      />
    </>
  );
}
