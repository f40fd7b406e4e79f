export const environment = {
  production: false,
  apiLangChainJsServer: {
    label: 'Local Langchain.js API',
    url: 'http://localhost:4000'
  },
  apiLlamaIndexTsServer: {
    label: 'Local LlamaIndex TS API',
    url: 'http://localhost:4001'
  },
  apiMafPythonServer: {
    label: 'Local MAF Python API',
    url: 'http://localhost:4010'
  }};
