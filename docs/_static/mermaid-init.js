// Renders every <pre class="mermaid"> of the page with the bundled mermaid.min.js
// (from npm, see package.json): nothing is loaded from the network.
mermaid.initialize({ startOnLoad: true, securityLevel: "strict", theme: "neutral" });
