import i18next, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from './api';
import enCore from './locales/en.json';
import frCore from './locales/fr.json';
import enIndicators from './locales/indicators.en.json';
import frIndicators from './locales/indicators.fr.json';
import enCertificates from './locales/certificates.en.json';
import frCertificates from './locales/certificates.fr.json';
import enFunding from './locales/funding.en.json';
import frFunding from './locales/funding.fr.json';
import enMetabolism from './locales/metabolism.en.json';
import frMetabolism from './locales/metabolism.fr.json';
import enConcertationWorkspace from './locales/concertation-workspace.en.json';
import frConcertationWorkspace from './locales/concertation-workspace.fr.json';
import enConcertation from './locales/concertation.en.json';
import frConcertation from './locales/concertation.fr.json';

// One file per module beside the core one, each under its own top-level key, so modules do not edit one another's strings.
const fr = { ...frCore, ...frMetabolism, ...frIndicators, ...frCertificates, ...frFunding, ...frConcertation, ...frConcertationWorkspace };
const en = { ...enCore, ...enMetabolism, ...enIndicators, ...enCertificates, ...enFunding, ...enConcertation, ...enConcertationWorkspace };

export const languages = ['fr', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'pacte21.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof fr };
  }
}

function isLanguage(value: unknown): value is Language {
  return languages.includes(value as Language);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(storageKey);
    if (isLanguage(value)) return value;
  } catch {
    // Storage may be disabled (private browsing, policies): French stays the default.
  }
  return 'fr';
}

function applyLanguage(language: string): void {
  document.documentElement.lang = language;
  setApiLanguage(language);
  try {
    window.localStorage.setItem(storageKey, language);
  } catch {
    // Same as above: the choice then lasts for this page only.
  }
}

i18next.on('languageChanged', applyLanguage);

export const i18nReady = i18next.use(initReactI18next).init({
  // French is the reference language: English must provide every French key, which TypeScript checks here.
  resources: { fr: { translation: fr }, en: { translation: en satisfies typeof fr } },
  lng: storedLanguage(),
  fallbackLng: 'fr',
  supportedLngs: languages,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'fr';
}

export { i18next };

type LooseTranslate = (key: string, options: { defaultValue: string }) => string;

/** For keys built from server values (a role, an error code): unknown ones fall back to `fallback`. */
export function translateOr(t: TFunction, key: string, fallback: string): string {
  return (t as unknown as LooseTranslate)(key, { defaultValue: fallback });
}
