import type { NoticeFacts } from './desk-notice.js';

/** The kiosk's languages (kiosk.language): a desk notice is worded in the one the kiosk speaks. */
export type NoticeLanguage = 'en' | 'de' | 'fr' | 'es';

/** What every line is built from: the space's name as a prefix (or none) and the time at the space. */
interface Frame {
  space: string | null;
  when: string;
}

type Wording = (facts: NoticeFacts, frame: Frame) => string;

const priceOf = (facts: { price: string | null; currency: string | null }): string =>
  facts.price ? ` (${[facts.price, facts.currency].filter(Boolean).join(' ')})` : '';

const en: Wording = (facts, { space, when }) => {
  const where = space ? `${space}: ` : '';
  switch (facts.kind) {
    case 'staff_call': {
      const who = [facts.name, facts.credential && `badge ${facts.credential.value}`].filter(Boolean).join(', ');
      return `${where}a visitor at the kiosk is asking for help${who ? ` (${who})` : ''} at ${when}.`;
    }
    case 'visa_checkin':
      return `${where}${facts.name}${facts.homeSpace ? ` from ${facts.homeSpace}` : ''} checked in with a visa at ${when}.`;
    case 'day_pass':
      return `${where}a day pass was sold to ${facts.name}${priceOf(facts)} at ${when}.`;
    case 'badge_failed':
      return `${where}the badge${facts.name ? ` of ${facts.name}` : ''} (visit #${facts.visitId}) did not print at ${when}: reprint it from Today.`;
  }
};

const de: Wording = (facts, { space, when }) => {
  const where = space ? `${space}: ` : '';
  switch (facts.kind) {
    case 'staff_call': {
      const who = [facts.name, facts.credential && `Badge ${facts.credential.value}`].filter(Boolean).join(', ');
      return `${where}Ein Gast am Kiosk bittet um Hilfe${who ? ` (${who})` : ''}, ${when} Uhr.`;
    }
    case 'visa_checkin':
      return `${where}${facts.name}${facts.homeSpace ? ` aus ${facts.homeSpace}` : ''} hat um ${when} Uhr mit einem Visa eingecheckt.`;
    case 'day_pass':
      return `${where}Um ${when} Uhr wurde ein Tagespass an ${facts.name} verkauft${priceOf(facts)}.`;
    case 'badge_failed':
      return `${where}Der Badge${facts.name ? ` von ${facts.name}` : ''} (Besuch Nr. ${facts.visitId}) wurde um ${when} Uhr nicht gedruckt: unter „Heute“ neu drucken.`;
  }
};

const fr: Wording = (facts, { space, when }) => {
  const where = space ? `${space} : ` : '';
  switch (facts.kind) {
    case 'staff_call': {
      const who = [facts.name, facts.credential && `badge ${facts.credential.value}`].filter(Boolean).join(', ');
      return `${where}un visiteur demande de l’aide à la borne${who ? ` (${who})` : ''} à ${when}.`;
    }
    case 'visa_checkin':
      return `${where}enregistrement avec un visa pour ${facts.name}${facts.homeSpace ? ` de ${facts.homeSpace}` : ''} à ${when}.`;
    case 'day_pass':
      return `${where}un pass journée a été vendu à ${facts.name}${priceOf(facts)} à ${when}.`;
    case 'badge_failed':
      return `${where}le badge${facts.name ? ` de ${facts.name}` : ''} (visite n° ${facts.visitId}) ne s’est pas imprimé à ${when} : réimprimez-le depuis « Aujourd’hui ».`;
  }
};

const es: Wording = (facts, { space, when }) => {
  const where = space ? `${space}: ` : '';
  // "a la una", "a las dos".
  const at = `${when.startsWith('01:') ? 'a la' : 'a las'} ${when}`;
  switch (facts.kind) {
    case 'staff_call': {
      const who = [facts.name, facts.credential && `acreditación ${facts.credential.value}`].filter(Boolean).join(', ');
      return `${where}un visitante pide ayuda en el quiosco${who ? ` (${who})` : ''} ${at}.`;
    }
    case 'visa_checkin':
      return `${where}${facts.name}${facts.homeSpace ? ` de ${facts.homeSpace}` : ''} se registró con un visa ${at}.`;
    case 'day_pass':
      return `${where}se vendió un pase de día a ${facts.name}${priceOf(facts)} ${at}.`;
    case 'badge_failed':
      return `${where}la acreditación${facts.name ? ` de ${facts.name}` : ''} (visita n.º ${facts.visitId}) no se imprimió ${at}: reimprímala desde «Hoy».`;
  }
};

const WORDINGS: Record<NoticeLanguage, Wording> = { en, de, fr, es };

/** A notice's facts as one line in the given language. */
export const wordNotice = (facts: NoticeFacts, frame: Frame, language: NoticeLanguage): string => WORDINGS[language](facts, frame);
