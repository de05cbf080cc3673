import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { RoleListT } from "../../api/schemas.ts";
import type { Capabilities, Health } from "../api/client.ts";

/** Server facts every page may need, loaded once by the shell. */
export interface AppData {
  health: Health | null;
  roles: RoleListT["roles"] | null;
  capabilities: Capabilities | null;
}

export const AppDataContext = createContext<AppData>({ health: null, roles: null, capabilities: null });

export const useAppData = () => useContext(AppDataContext);
