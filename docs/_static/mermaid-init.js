// Renders every <div class="mermaid"> of the page with the bundled mermaid.min.js
// (from npm, see package.json): nothing is loaded from the network. Pictures keep
// their natural width (the page scrolls them sideways) so their labels stay legible.
mermaid.initialize({
  startOnLoad: true,
  securityLevel: "strict",
  theme: "neutral",
  flowchart: { useMaxWidth: false },
});
