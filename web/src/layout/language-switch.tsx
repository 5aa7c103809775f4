import { useTranslation } from 'react-i18next';
import { languages } from '../i18n';

const languageNames = { fr: 'Français', en: 'English' } as const;

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {languages.map((language) => (
        <button
          key={language}
          type="button"
          className="language-switch__button"
          aria-pressed={i18n.language === language}
          onClick={() => void i18n.changeLanguage(language)}
        >
          {language.toUpperCase()}
          <span className="sr-only" lang={language}>
            {' '}
            {languageNames[language]}
          </span>
        </button>
      ))}
    </div>
  );
}
