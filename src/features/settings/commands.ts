export type SettingCommand =
  | { readonly kind: "list.show"; readonly list?: "types" | "sources" | "terms" }
  | {
      readonly kind: "list.edit";
      readonly list: "types" | "sources" | "terms";
      readonly change: "add" | "remove";
      readonly value: string;
    }
  | { readonly kind: "setting.qualify"; readonly createsAll: boolean }
  | { readonly kind: "setting.currency"; readonly currency: string }
  | { readonly kind: "setting.timezone"; readonly zone: string }
  | { readonly kind: "setting.stale"; readonly days: number };
