import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isMaterialCategory, topCategory, UNALLOCATED } from '../../../metabolism-contract';

/** `MF3` → "MF3 Non-metallic minerals"; a sub-category (`MF3.6`) keeps its code after its family's name. */
export function useCategoryLabel(): (code: string | null) => string {
  const { t } = useTranslation();
  return useCallback(
    (code: string | null) => {
      if (code === null) return t('metabolism.categories.mixed');
      if (code === UNALLOCATED) return t('metabolism.categories.unallocated');
      if (isMaterialCategory(code)) return t(`metabolism.categories.${code}`);
      const top = topCategory(code);
      return top ? `${t(`metabolism.categories.${top}`)} (${code})` : code;
    },
    [t],
  );
}
