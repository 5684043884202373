import { definePreset } from '@primeuix/themes';
import Aura from '@primeuix/themes/aura';

/**
 * Aura with a dark blue primary: Aura's default emerald-500 gives white button text a contrast
 * of about 2.5:1, below WCAG AA; blue-700 gives about 6.7:1.
 */
const strongMessage = (c: string) => ({
  color: `{${c}.800}`,
  outlined: { color: `{${c}.800}`, borderColor: `{${c}.700}` },
  simple: { color: `{${c}.700}` },
});

/** Aura's toast is 5% transparent: over a dialog's dark mask its red-600 text fell to 4.25:1. */
const solidToast = (c: string) => ({
  background: `{${c}.50}`,
  color: `{${c}.800}`,
  closeButton: { focusRing: { color: `{${c}.800}` } },
});

export const PatravaliPreset = definePreset(Aura, {
  components: {
    toast: {
      colorScheme: {
        light: {
          info: solidToast('blue'),
          success: solidToast('green'),
          warn: solidToast('yellow'),
          error: solidToast('red'),
        },
      },
    },
    // Aura's message and toggle-button texts sit just under 4.5:1 on their backgrounds; one shade darker passes.
    message: {
      colorScheme: {
        light: {
          info: strongMessage('blue'),
          success: strongMessage('green'),
          warn: { ...strongMessage('yellow'), simple: { color: '{yellow.800}' } },
          error: strongMessage('red'),
        },
      },
    },
    togglebutton: {
      colorScheme: {
        light: {
          root: { color: '{surface.600}', hoverColor: '{surface.800}' },
          icon: { color: '{surface.600}', hoverColor: '{surface.800}' },
        },
      },
    },
  },
  semantic: {
    primary: {
      50: '{blue.50}',
      100: '{blue.100}',
      200: '{blue.200}',
      300: '{blue.300}',
      400: '{blue.400}',
      500: '{blue.500}',
      600: '{blue.600}',
      700: '{blue.700}',
      800: '{blue.800}',
      900: '{blue.900}',
      950: '{blue.950}',
    },
    colorScheme: {
      light: {
        primary: {
          color: '{primary.700}',
          contrastColor: '#ffffff',
          hoverColor: '{primary.800}',
          activeColor: '{primary.900}',
        },
        highlight: {
          background: '{primary.50}',
          focusBackground: '{primary.100}',
          color: '{primary.800}',
          focusColor: '{primary.900}',
        },
      },
    },
  },
});
