import { Image } from '@mantine/core';

/**
 * Security: the server's SVG is shown through an <img> data URL, never injected as markup, so any
 * script or link inside it cannot run.
 */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

export function QrImage({ svg, label }: { svg: string; label: string }) {
  return (
    <Image
      src={svgDataUrl(svg)}
      alt={label}
      w={200}
      h={200}
      fit="contain"
      bg="white"
      p="xs"
      radius="sm"
      style={{ border: '1px solid var(--mantine-color-gray-3)' }}
    />
  );
}
