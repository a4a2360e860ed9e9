const fileNameFrom = (disposition: string | null): string | null => {
  if (!disposition) return null;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {}
  }
  return /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1]?.trim() ?? null;
};

/** Saves a response as a file through a temporary `<a download>`; browsers only. */
export const saveDownload = async (response: Response, fallbackName: string, chosenName?: string) => {
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = chosenName ?? fileNameFrom(response.headers.get('content-disposition')) ?? fallbackName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke on the next task: some browsers start the download asynchronously after click().
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
};
