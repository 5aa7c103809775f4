import type { MaterialCategory } from '../../metabolism-contract';

export interface CategoryStyle {
  colour: string;
  /** A texture over the colour, so that a category never rests on colour alone. */
  pattern: 'diagonal' | 'dots' | 'vertical' | 'cross' | 'horizontal' | 'grid' | 'none';
}

/** Eurostat EW-MFA main categories; every colour keeps 3:1 against white (WCAG 1.4.11). */
export const categoryStyles: Record<MaterialCategory, CategoryStyle> = {
  MF1: { colour: '#2f7d3b', pattern: 'diagonal' },
  MF2: { colour: '#a0430a', pattern: 'dots' },
  MF3: { colour: '#8a6a00', pattern: 'vertical' },
  MF4: { colour: '#3a3a5c', pattern: 'cross' },
  MF5: { colour: '#1f5f8b', pattern: 'horizontal' },
  MF6: { colour: '#8c3b6e', pattern: 'grid' },
};

export const mixedStyle: CategoryStyle = { colour: '#6a6a6a', pattern: 'none' };

export function styleOf(category: MaterialCategory | null | undefined): CategoryStyle {
  return category ? categoryStyles[category] : mixedStyle;
}
