import { hashPassword } from '../../server/auth/passwords.js';
import { KoladaDataResponse, KoladaKpiResponse, parseKolada, writeKeyFigures } from '../../server/keyfigures/kolada.js';
import koladaData from './kolada-demo-data.json' with { type: 'json' };
import koladaKpis from './kolada-demo-kpi.json' with { type: 'json' };
import type { Db } from '../index.js';
import type { Role } from '../schema.js';

export const DEMO_PASSWORD = 'samrad-demo-2026';

export const DEMO_USERS = {
  official: { email: 'tjansteperson@arboga.example', name: 'Maria Lindqvist' },
  moderator: { email: 'moderator@arboga.example', name: 'Johan Berg' },
  citizen: { email: 'medborgare@example.se', name: 'Sara Nilsson' },
} as const;

const ORGANIZATIONS = [
  { slug: 'arboga', name: 'Arboga kommun', kolada_id: '1984' },
  { slug: 'koping', name: 'Köpings kommun', kolada_id: '1983' },
  { slug: 'kungsor', name: 'Kungsörs kommun', kolada_id: '1960' },
] as const;

const DAY = 24 * 60 * 60 * 1000;

/** Adds the demo organizations, people and consultations; false when they are already there. */
export async function seedDemo(db: Db): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('organizations').select('id').where('slug', '=', 'arboga').executeTakeFirst();
    if (existing) return false;

    const orgs = await tx
      .insertInto('organizations')
      .values(ORGANIZATIONS.map((o) => ({ ...o, kind: 'municipality' as const })))
      .returning(['id', 'slug'])
      .execute();
    const orgId = (slug: string) => orgs.find((o) => o.slug === slug)!.id;

    const addUser = async (email: string, name: string, home: string) => {
      const { id } = await tx
        .insertInto('users')
        .values({ email, display_name: name, password_hash: passwordHash, home_municipality: home })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    };
    const official = await addUser(DEMO_USERS.official.email, DEMO_USERS.official.name, 'Arboga');
    const moderator = await addUser(DEMO_USERS.moderator.email, DEMO_USERS.moderator.name, 'Köping');
    const citizen = await addUser(DEMO_USERS.citizen.email, DEMO_USERS.citizen.name, 'Kungsör');
    const lena = await addUser('lena.holm@example.se', 'Lena Holm', 'Kungsör');
    const ahmed = await addUser('ahmed.yusuf@example.se', 'Ahmed Yusuf', 'Köping');

    const memberships: Array<{ user_id: number; organization_id: number; role: Role }> = [];
    for (const org of orgs) {
      memberships.push({ user_id: official, organization_id: org.id, role: 'official' });
      memberships.push({ user_id: moderator, organization_id: org.id, role: 'moderator' });
    }
    await tx.insertInto('memberships').values(memberships).execute();

    const now = Date.now();
    const rescue = await tx
      .insertInto('consultations')
      .values({
        slug: 'raddningstjanst-vastra-malardalen',
        title: 'Gemensam räddningstjänst för Arboga, Köping och Kungsör',
        summary:
          'De tre kommunerna föreslår att räddningstjänsterna slås samman i ett gemensamt förbund med en ny stationsstruktur. Vad betyder förslaget för dig?',
        body_md: [
          'Arboga, Köping och Kungsör har i dag var sin räddningstjänst. Alla tre har svårt att bemanna deltidsstyrkorna dygnet runt, och kraven i lagen om skydd mot olyckor har skärpts.',
          '',
          'Förslaget är att bilda ett gemensamt räddningstjänstförbund från den 1 januari 2028. Heltidsstationen i Köping blir bas för förbundet, stationerna i Arboga och Kungsör blir kvar som deltidsstationer, och en ny insatsledare i beredskap delas av alla tre kommunerna.',
          '',
          'Vi vill veta hur du ser på trygghet, insatstider och information till invånarna innan kommunfullmäktige fattar beslut.',
        ].join('\n'),
        influence_md:
          'Du kan påverka hur förbundet arbetar förebyggande, hur information når invånarna och hur frivilliga resurser som räddningsvärn används.',
        decided_md:
          'Att kommunerna ska samverka om räddningstjänst är redan beslutat. Lagkraven på insatstider och ledning går inte att påverka här.',
        decision_maker: 'Kommunfullmäktige i Arboga, Köping och Kungsör',
        decision_date: new Date(now + 90 * DAY).toISOString().slice(0, 10),
        participation_level: 'consult',
        status: 'open',
        opens_at: new Date(now - 7 * DAY),
        closes_at: new Date(now + 42 * DAY),
        moderation_mode: 'post',
        flag_threshold: 3,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('consultation_organizations')
      .values([
        { consultation_id: rescue.id, organization_id: orgId('koping'), is_lead: true },
        { consultation_id: rescue.id, organization_id: orgId('arboga'), is_lead: false },
        { consultation_id: rescue.id, organization_id: orgId('kungsor'), is_lead: false },
      ])
      .execute();
    await tx
      .insertInto('topics')
      .values([
        { consultation_id: rescue.id, position: 1, title: 'Stationer och insatstider', prompt: 'Hur ser du på att stationerna i Arboga och Kungsör blir deltidsstationer?' },
        { consultation_id: rescue.id, position: 2, title: 'Förebyggande arbete och information', prompt: 'Hur vill du få information om brandskydd och om vad du ska göra vid en olycka?' },
        { consultation_id: rescue.id, position: 3, title: 'Frivilliga och räddningsvärn', prompt: 'Vilken roll kan frivilliga spela i din del av kommunen?' },
      ])
      .execute();
    // A snapshot in Kolada's response shape with illustrative values (not
    // retrieved from Kolada), so they are shown as "exempelvärden".
    await writeKeyFigures(tx, rescue.id, parseKolada(KoladaDataResponse, koladaData, 'kolada-demo-data.json'), parseKolada(KoladaKpiResponse, koladaKpis, 'kolada-demo-kpi.json'), {
      isExample: true,
      retrievedAt: new Date(now),
    });

    const school = await tx
      .insertInto('consultations')
      .values({
        slug: 'skolorganisation-koping',
        title: 'Ny skolorganisation för årskurs F–6 i Köping',
        summary: 'Barn- och utbildningsnämnden föreslår att två mindre F–6-skolor slås ihop till en skola med fler lärare per årskurs.',
        body_md: [
          'Elevantalet i de två skolorna har minskat under flera år, samtidigt som det är svårt att rekrytera behöriga lärare till små årskurser.',
          '',
          'Förslaget är att eleverna från den mindre skolan flyttar till den större från höstterminen 2027, med skolskjuts för dem som får längre än två kilometer till skolan.',
        ].join('\n'),
        influence_md: 'Du kan påverka hur flytten genomförs: skolvägar, skolskjuts, fritidshem och hur eleverna introduceras.',
        decided_md: 'Budgetramen för skolan är beslutad av kommunfullmäktige.',
        decision_maker: 'Barn- och utbildningsnämnden i Köping',
        decision_date: new Date(now + 60 * DAY).toISOString().slice(0, 10),
        participation_level: 'dialogue',
        status: 'open',
        opens_at: new Date(now - 3 * DAY),
        closes_at: new Date(now + 28 * DAY),
        moderation_mode: 'pre',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('consultation_organizations').values({ consultation_id: school.id, organization_id: orgId('koping'), is_lead: true }).execute();
    await tx
      .insertInto('topics')
      .values([
        { consultation_id: school.id, position: 1, title: 'Skolväg och skolskjuts', prompt: 'Vad behövs för att skolvägen ska bli trygg?' },
        { consultation_id: school.id, position: 2, title: 'Fritidshem och eftermiddagar', prompt: 'Hur påverkas din familjs vardag?' },
      ])
      .execute();

    const library = await tx
      .insertInto('consultations')
      .values({
        slug: 'bibliotekets-oppettider-kungsor',
        title: 'Bibliotekets öppettider i Kungsör',
        summary: 'Vi frågade när du vill att biblioteket ska vara öppet, och om meröppet med lånekort och kod är något för dig.',
        body_md: 'Biblioteket har i dag öppet 32 timmar i veckan. Med meröppet kan invånare över 18 år använda biblioteket även när personalen inte är på plats.',
        influence_md: 'Du kunde påverka vilka tider biblioteket har bemannat och hur meröppet införs.',
        decided_md: 'Bibliotekets budget för 2026 var redan beslutad.',
        decision_maker: 'Kultur- och fritidsnämnden i Kungsör',
        decision_date: new Date(now - 20 * DAY).toISOString().slice(0, 10),
        participation_level: 'consult',
        status: 'closed',
        opens_at: new Date(now - 90 * DAY),
        closes_at: new Date(now - 45 * DAY),
        moderation_mode: 'post',
        feedback_md:
          'Tack för era 3 synpunkter! Många bad om kvällsöppet. Från mars har biblioteket öppet till 19 på tisdagar och torsdagar, och meröppet införs under våren.',
        feedback_published_at: new Date(now - 15 * DAY),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('consultation_organizations').values({ consultation_id: library.id, organization_id: orgId('kungsor'), is_lead: true }).execute();
    const [libraryTopic] = await tx
      .insertInto('topics')
      .values({ consultation_id: library.id, position: 1, title: 'Öppettider', prompt: 'När vill du kunna besöka biblioteket?' })
      .returning('id')
      .execute();
    const comment = (authorId: number, body: string, daysAgo: number, parentId: number | null = null) =>
      tx
        .insertInto('comments')
        .values({
          consultation_id: library.id,
          topic_id: libraryTopic!.id,
          parent_id: parentId,
          depth: parentId ? 1 : 0,
          author_id: authorId,
          body,
          state: 'published',
          created_at: new Date(now - daysAgo * DAY),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const first = await comment(lena, 'Kvällsöppet minst två dagar i veckan skulle göra stor skillnad för oss som pendlar till Eskilstuna.', 80);
    await comment(citizen, 'Håller med! Och gärna lördagsöppet även på sommaren.', 79, first.id);
    await comment(ahmed, 'Meröppet låter bra, men det behövs personal när barnen är där efter skolan.', 70);
    return true;
  });
}

/** Seeds the demo into a database without organizations; true when it did. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  const any = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  return any ? false : seedDemo(db);
}
