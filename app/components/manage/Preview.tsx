import { Markdown } from '../Markdown';
import { useT } from '../../i18n';

/** Server-rendered Markdown of texts not yet saved, shown where the form is. */
export function Preview({ sections }: { sections: Array<{ heading: string; html: string }> }) {
  const t = useT();
  return (
    <section className="preview" aria-labelledby="preview-heading" tabIndex={-1}>
      <h2 id="preview-heading">{t('manage.preview.title')}</h2>
      <p className="field__hint">{t('manage.preview.notSaved')}</p>
      {sections
        .filter((s) => s.html.trim() !== '')
        .map((s) => (
          <div key={s.heading}>
            <h3>{s.heading}</h3>
            <Markdown html={s.html} />
          </div>
        ))}
    </section>
  );
}
