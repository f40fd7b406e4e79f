export * from "./api";
export * from "./models";
