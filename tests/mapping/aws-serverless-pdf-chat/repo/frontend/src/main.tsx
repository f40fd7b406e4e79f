import * as React from "react";
import * as ReactDOM from "react-dom/client";
import App from "./App";
import "@aws-amplify/ui-react/styles.css";

ReactDOM.createRoot(document.getElementById("root")!).render(
  <React.StrictMode>
    <App />
  </React.StrictMode>
);
