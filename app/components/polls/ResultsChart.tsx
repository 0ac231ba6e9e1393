import type { PollResults } from '../../../server/polls/queries';
import { useLocale, useT } from '../../i18n';

interface Props {
  results: PollResults;
  question: string;
  /** The presenter view shows the table; pages keep it for screen readers only. */
  showTable?: boolean;
  size?: 'page' | 'presenter';
}

const BAR_WIDTH = 100;
const BAR_HEIGHT = 10;

/**
 * Results as SVG bars, each the share of all ballots that chose the option,
 * with the same figures in a table: the bars are hidden from screen readers,
 * which read the table instead.
 */
export function ResultsChart({ results, question, showTable = false, size = 'page' }: Props) {
  const t = useT();
  const locale = useLocale();
  const rows = results.options.map((o) => ({ key: String(o.id), label: o.label, votes: o.votes }));
  if (results.otherVotes !== undefined) rows.push({ key: 'other', label: t('polls.otherRow'), votes: results.otherVotes });
  const percent = new Intl.NumberFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 });
  const share = (votes: number) => (results.totalVotes === 0 ? 0 : votes / results.totalVotes);

  return (
    <figure className={`poll-results poll-results--${size}`}>
      <ul className="poll-chart" aria-hidden="true">
        {rows.map((row) => (
          <li key={row.key} className="poll-chart__row">
            <span className="poll-chart__label">{row.label}</span>
            <svg className="poll-chart__bar" viewBox={`0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`} preserveAspectRatio="none" focusable="false">
              <rect className="poll-chart__track" x="0" y="0" width={BAR_WIDTH} height={BAR_HEIGHT} />
              <rect className="poll-chart__fill" x="0" y="0" width={BAR_WIDTH * share(row.votes)} height={BAR_HEIGHT} />
            </svg>
            <span className="poll-chart__value">
              {row.votes} ({percent.format(share(row.votes))})
            </span>
          </li>
        ))}
      </ul>
      <table className={showTable ? 'poll-table' : 'visually-hidden'}>
        <caption>{t('polls.resultsCaption', { question })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('polls.option')}</th>
            <th scope="col">{t('polls.votes')}</th>
            <th scope="col">{t('polls.share')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td>{row.votes}</td>
              <td>{percent.format(share(row.votes))}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('polls.totalVoters')}</th>
            <td>{results.totalVotes}</td>
            <td />
          </tr>
        </tfoot>
      </table>
      <figcaption className="poll-results__total" aria-live="polite">
        {t('polls.answered', { count: results.totalVotes })}
      </figcaption>
    </figure>
  );
}
