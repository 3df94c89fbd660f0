// "Skriv ut" buttons (data-print): shown only when scripts run, and open the browser's print dialog.
// A static file because the Content-Security-Policy forbids inline scripts and handlers.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
