import type { MessageKey } from '../../app/i18n/sv';
import { barChart, dayChart, type Chart } from './charts.js';
import type { DialogueSummary, Quote } from './data.js';

// The summary as a sequence of blocks: headings, facts, charts, quotes,
// tables. The page, the DOCX and the PDF each render these same blocks, so
// the three never disagree about what the summary says.

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'facts'; items: Array<{ term: string; description: string }> }
  | { type: 'chart'; caption: string; chart: Chart; table: { headings: [string, string]; rows: Array<[string, string]> } }
  | { type: 'quote'; text: string; attribution: string }
  | { type: 'table'; headings: string[]; rows: string[][] };

export interface Wording {
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** A date (ISO string) in words, e.g. "23 november 2026". */
  date: (iso: string) => string;
}

export function summaryBlocks(summary: DialogueSummary, { t, date }: Wording): Block[] {
  const c = summary.consultation;
  const p = summary.participation;
  const blocks: Block[] = [
    { type: 'heading', level: 1, text: t('summary.heading', { title: c.title }) },
    { type: 'paragraph', text: t('summary.generated', { date: date(summary.generatedAt) }) },
    { type: 'heading', level: 2, text: t('summary.about') },
  ];
  if (c.summary) blocks.push({ type: 'paragraph', text: c.summary });
  const organizations = c.organizations.map((o) => (o.isLead && c.organizations.length > 1 ? `${o.name} (${t('consultation.lead')})` : o.name));
  blocks.push({
    type: 'facts',
    items: [
      { term: t('consultation.by'), description: organizations.join(', ') },
      { term: t('summary.status'), description: t(`consultation.status.${c.status}`) },
      { term: t('consultation.level'), description: t(`level.${c.participationLevel}`) },
      ...(c.opensAt && c.closesAt ? [{ term: t('consultation.period'), description: `${date(c.opensAt)} – ${date(c.closesAt)}` }] : []),
      ...(c.decisionMaker ? [{ term: t('consultation.decisionMaker'), description: c.decisionMaker }] : []),
      ...(c.decisionDate ? [{ term: t('consultation.decisionDate'), description: date(c.decisionDate) }] : []),
      { term: t('consultation.moderation'), description: t(`consultation.moderation.${c.moderationMode}`) },
    ],
  });

  blocks.push(
    { type: 'heading', level: 2, text: t('summary.participation') },
    {
      type: 'facts',
      items: [
        { term: t('summary.participants'), description: String(p.participants) },
        { term: t('summary.comments'), description: String(p.comments) },
        { term: t('summary.replies'), description: String(p.replies) },
        { term: t('summary.votes'), description: String(p.votes) },
      ],
    },
  );
  if (p.byDay.length > 0) {
    const caption = t('summary.byDay');
    blocks.push({
      type: 'chart',
      caption,
      chart: dayChart(caption, p.byDay),
      table: { headings: [t('summary.day'), t('summary.comments')], rows: p.byDay.map((d) => [date(d.date), String(d.count)]) },
    });
  }
  if (p.byMunicipality && p.byMunicipality.length > 0) {
    const bars = p.byMunicipality.map((m) => ({ label: m.municipality ?? t('summary.municipalityUnknown'), value: m.participants }));
    blocks.push(chartBlock(t('summary.byMunicipality'), [t('summary.municipality'), t('summary.participants')], bars));
  }

  blocks.push({ type: 'heading', level: 2, text: t('summary.topics') });
  for (const topic of summary.topics) {
    blocks.push(
      { type: 'heading', level: 3, text: topic.title },
      { type: 'paragraph', text: t('summary.topicCount', { count: topic.comments }) },
    );
    if (topic.mostSupported.length > 0) blocks.push({ type: 'paragraph', text: t('summary.mostSupported') });
    blocks.push(...topic.mostSupported.map((q) => quoteBlock(q, t)));
  }

  blocks.push({ type: 'heading', level: 2, text: t('summary.themes') });
  if (summary.themes.length === 0) blocks.push({ type: 'paragraph', text: t('summary.noThemes') });
  else {
    const caption = t('summary.themeCounts');
    blocks.push(chartBlock(caption, [t('summary.theme'), t('summary.comments')], summary.themes.map((theme) => ({ label: theme.name, value: theme.comments }))));
    for (const theme of summary.themes) {
      blocks.push({ type: 'heading', level: 3, text: theme.name });
      if (theme.description) blocks.push({ type: 'paragraph', text: theme.description });
      blocks.push({ type: 'paragraph', text: t('summary.themeCount', { count: theme.comments }) });
      blocks.push(...theme.quotes.map((q) => quoteBlock(q, t)));
    }
  }

  blocks.push({ type: 'heading', level: 2, text: t('summary.polls') });
  if (summary.polls.length === 0) blocks.push({ type: 'paragraph', text: t('summary.noPolls') });
  for (const poll of summary.polls) {
    blocks.push(
      { type: 'heading', level: 3, text: poll.question },
      { type: 'paragraph', text: t('summary.pollVotes', { count: poll.totalVotes, status: t(`summary.pollStatus.${poll.status as 'open' | 'closed'}`) }) },
      chartBlock(poll.question, [t('summary.option'), t('summary.voteCount')], poll.options.map((o) => ({ label: o.label, value: o.votes }))),
    );
  }

  const m = summary.moderation;
  blocks.push(
    { type: 'heading', level: 2, text: t('summary.moderation') },
    {
      type: 'facts',
      items: [
        { term: t('summary.moderation.pending'), description: String(m.pending) },
        { term: t('summary.moderation.held'), description: String(m.heldByFilters) },
        { term: t('summary.moderation.hidden'), description: String(m.hidden) },
        { term: t('summary.moderation.rejected'), description: String(m.rejected) },
        { term: t('summary.moderation.withdrawn'), description: String(m.withdrawn) },
      ],
    },
  );
  if (m.byReason.length > 0) {
    blocks.push({
      type: 'table',
      headings: [t('summary.moderation.reason'), t('summary.moderation.count')],
      rows: m.byReason.map((r) => [t(`moderation.reason.${r.reason}`), String(r.count)]),
    });
  }

  blocks.push({ type: 'heading', level: 2, text: t('consultation.feedback') });
  if (summary.feedback) {
    blocks.push({ type: 'paragraph', text: t('summary.feedbackPublished', { date: date(summary.feedback.publishedAt) }) });
    blocks.push(...paragraphs(summary.feedback.markdown).map((text): Block => ({ type: 'paragraph', text })));
  } else blocks.push({ type: 'paragraph', text: t('summary.noFeedback') });
  return blocks;
}

function chartBlock(caption: string, headings: [string, string], bars: Array<{ label: string; value: number }>): Block {
  return { type: 'chart', caption, chart: barChart(caption, bars), table: { headings, rows: bars.map((b) => [b.label, String(b.value)]) } };
}

function quoteBlock(quote: Quote, t: Wording['t']): Block {
  return { type: 'quote', text: quote.body, attribution: t('summary.quoteBy', { author: quote.author, count: quote.supportCount }) };
}

/** Markdown read as plain paragraphs: the documents show the words, not the markup. */
function paragraphs(markdown: string) {
  return markdown
    .split(/\n\s*\n/)
    .map((p) => p.replace(/^#{1,6}\s+/gm, '').replace(/^\s*[-*]\s+/gm, '• ').replace(/\*\*(.+?)\*\*|__(.+?)__/g, '$1$2').trim())
    .filter(Boolean);
}
