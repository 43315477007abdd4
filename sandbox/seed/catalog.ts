/** Static vocabulary of the demo company: product families, places and names (English and French). */

export interface ProductTemplate {
  en: string;
  fr: string;
  category: string;
  type: 'Inventory' | 'Service' | 'Non-Inventory';
  unit: string;
  price: [number, number];
  variants: Array<{ en: string; fr: string }>;
}

const sizes = [
  { en: 'S', fr: 'S' },
  { en: 'M', fr: 'M' },
  { en: 'L', fr: 'L' },
  { en: 'XL', fr: 'XL' },
];
const volts = [
  { en: '18V', fr: '18V' },
  { en: '36V', fr: '36V' },
];
const lengths = [
  { en: '10 m', fr: '10 m' },
  { en: '25 m', fr: '25 m' },
  { en: '50 m', fr: '50 m' },
];
const colours = [
  { en: 'yellow', fr: 'jaune' },
  { en: 'white', fr: 'blanc' },
  { en: 'blue', fr: 'bleu' },
  { en: 'red', fr: 'rouge' },
];
const single = [{ en: '', fr: '' }];

export const itemCategories = [
  { code: 'SAFETY', en: 'Safety equipment', fr: 'Équipement de sécurité', prefix: 'SAF' },
  { code: 'TOOLS', en: 'Power tools', fr: 'Outillage électrique', prefix: 'TOO' },
  { code: 'HANDTOOLS', en: 'Hand tools', fr: 'Outillage à main', prefix: 'HND' },
  { code: 'LIGHTING', en: 'Site lighting', fr: 'Éclairage de chantier', prefix: 'LGT' },
  { code: 'STORAGE', en: 'Storage and workshop', fr: 'Rangement et atelier', prefix: 'STO' },
  { code: 'FASTENERS', en: 'Fasteners', fr: 'Fixations', prefix: 'FIX' },
  { code: 'ELECTRIC', en: 'Cables and power', fr: 'Câbles et alimentation', prefix: 'ELC' },
  { code: 'CONSUMABLE', en: 'Consumables', fr: 'Consommables', prefix: 'CON' },
  { code: 'SERVICES', en: 'Services', fr: 'Prestations', prefix: 'SRV' },
  { code: 'MISC', en: 'Miscellaneous', fr: 'Divers', prefix: 'MSC' },
] as const;

export const productTemplates: ProductTemplate[] = [
  { en: 'Safety helmet', fr: 'Casque de sécurité', category: 'SAFETY', type: 'Inventory', unit: 'PCS', price: [18, 45], variants: colours },
  { en: 'Work gloves', fr: 'Gants de travail', category: 'SAFETY', type: 'Inventory', unit: 'PAIR', price: [6, 24], variants: sizes },
  { en: 'Cut-resistant gloves', fr: 'Gants anti-coupure', category: 'SAFETY', type: 'Inventory', unit: 'PAIR', price: [12, 32], variants: sizes },
  { en: 'Safety goggles', fr: 'Lunettes de protection', category: 'SAFETY', type: 'Inventory', unit: 'PCS', price: [8, 26], variants: single },
  { en: 'Fall-arrest harness', fr: 'Harnais antichute', category: 'SAFETY', type: 'Inventory', unit: 'PCS', price: [85, 240], variants: sizes },
  { en: 'High-visibility vest', fr: 'Gilet haute visibilité', category: 'SAFETY', type: 'Inventory', unit: 'PCS', price: [5, 15], variants: sizes },
  { en: 'Ear defenders', fr: 'Casque antibruit', category: 'SAFETY', type: 'Inventory', unit: 'PCS', price: [14, 49], variants: single },
  { en: 'Safety boots', fr: 'Chaussures de sécurité', category: 'SAFETY', type: 'Inventory', unit: 'PAIR', price: [55, 140], variants: sizes },
  { en: 'Cordless drill', fr: 'Perceuse sans fil', category: 'TOOLS', type: 'Inventory', unit: 'PCS', price: [120, 380], variants: volts },
  { en: 'Impact driver', fr: 'Visseuse à chocs', category: 'TOOLS', type: 'Inventory', unit: 'PCS', price: [140, 320], variants: volts },
  { en: 'Angle grinder', fr: 'Meuleuse d’angle', category: 'TOOLS', type: 'Inventory', unit: 'PCS', price: [90, 290], variants: volts },
  { en: 'Circular saw', fr: 'Scie circulaire', category: 'TOOLS', type: 'Inventory', unit: 'PCS', price: [160, 420], variants: volts },
  { en: 'Jigsaw', fr: 'Scie sauteuse', category: 'TOOLS', type: 'Inventory', unit: 'PCS', price: [95, 260], variants: volts },
  { en: 'Orbital sander', fr: 'Ponceuse orbitale', category: 'TOOLS', type: 'Inventory', unit: 'PCS', price: [80, 230], variants: volts },
  { en: 'Rotary hammer', fr: 'Perforateur', category: 'TOOLS', type: 'Inventory', unit: 'PCS', price: [210, 640], variants: volts },
  { en: 'Battery pack', fr: 'Batterie', category: 'TOOLS', type: 'Inventory', unit: 'PCS', price: [60, 180], variants: volts },
  { en: 'Torque wrench', fr: 'Clé dynamométrique', category: 'HANDTOOLS', type: 'Inventory', unit: 'PCS', price: [65, 210], variants: single },
  { en: 'Socket set', fr: 'Coffret de douilles', category: 'HANDTOOLS', type: 'Inventory', unit: 'SET', price: [45, 190], variants: single },
  { en: 'Claw hammer', fr: 'Marteau arrache-clou', category: 'HANDTOOLS', type: 'Inventory', unit: 'PCS', price: [15, 42], variants: single },
  { en: 'Spirit level', fr: 'Niveau à bulle', category: 'HANDTOOLS', type: 'Inventory', unit: 'PCS', price: [12, 75], variants: [{ en: '60 cm', fr: '60 cm' }, { en: '120 cm', fr: '120 cm' }, { en: '200 cm', fr: '200 cm' }] },
  { en: 'Screwdriver set', fr: 'Jeu de tournevis', category: 'HANDTOOLS', type: 'Inventory', unit: 'SET', price: [18, 65], variants: single },
  { en: 'Tape measure', fr: 'Mètre ruban', category: 'HANDTOOLS', type: 'Inventory', unit: 'PCS', price: [6, 28], variants: [{ en: '5 m', fr: '5 m' }, { en: '8 m', fr: '8 m' }] },
  { en: 'LED work light', fr: 'Projecteur LED de chantier', category: 'LIGHTING', type: 'Inventory', unit: 'PCS', price: [35, 160], variants: [{ en: '20 W', fr: '20 W' }, { en: '50 W', fr: '50 W' }, { en: '100 W', fr: '100 W' }] },
  { en: 'Headlamp', fr: 'Lampe frontale', category: 'LIGHTING', type: 'Inventory', unit: 'PCS', price: [15, 60], variants: single },
  { en: 'Tripod floodlight', fr: 'Projecteur sur trépied', category: 'LIGHTING', type: 'Inventory', unit: 'PCS', price: [90, 260], variants: single },
  { en: 'Shelving unit', fr: 'Étagère métallique', category: 'STORAGE', type: 'Inventory', unit: 'PCS', price: [70, 320], variants: [{ en: '4 shelves', fr: '4 tablettes' }, { en: '5 shelves', fr: '5 tablettes' }] },
  { en: 'Tool cabinet', fr: 'Servante d’atelier', category: 'STORAGE', type: 'Inventory', unit: 'PCS', price: [240, 890], variants: [{ en: '5 drawers', fr: '5 tiroirs' }, { en: '7 drawers', fr: '7 tiroirs' }] },
  { en: 'Storage bin', fr: 'Bac de rangement', category: 'STORAGE', type: 'Inventory', unit: 'PCS', price: [3, 18], variants: colours },
  { en: 'Workbench', fr: 'Établi', category: 'STORAGE', type: 'Inventory', unit: 'PCS', price: [180, 620], variants: [{ en: '150 cm', fr: '150 cm' }, { en: '200 cm', fr: '200 cm' }] },
  { en: 'Wood screws', fr: 'Vis à bois', category: 'FASTENERS', type: 'Inventory', unit: 'BOX', price: [6, 22], variants: [{ en: '4x40', fr: '4x40' }, { en: '5x60', fr: '5x60' }, { en: '6x80', fr: '6x80' }] },
  { en: 'Wall anchors', fr: 'Chevilles', category: 'FASTENERS', type: 'Inventory', unit: 'BOX', price: [5, 19], variants: [{ en: '6 mm', fr: '6 mm' }, { en: '8 mm', fr: '8 mm' }, { en: '10 mm', fr: '10 mm' }] },
  { en: 'Hex bolts', fr: 'Boulons hexagonaux', category: 'FASTENERS', type: 'Inventory', unit: 'BOX', price: [9, 34], variants: [{ en: 'M8', fr: 'M8' }, { en: 'M10', fr: 'M10' }, { en: 'M12', fr: 'M12' }] },
  { en: 'Extension cable', fr: 'Rallonge électrique', category: 'ELECTRIC', type: 'Inventory', unit: 'PCS', price: [19, 85], variants: lengths },
  { en: 'Cable reel', fr: 'Enrouleur de câble', category: 'ELECTRIC', type: 'Inventory', unit: 'PCS', price: [45, 160], variants: lengths },
  { en: 'Site distribution board', fr: 'Coffret de chantier', category: 'ELECTRIC', type: 'Inventory', unit: 'PCS', price: [180, 540], variants: single },
  { en: 'Power cable', fr: 'Câble d’alimentation', category: 'ELECTRIC', type: 'Inventory', unit: 'M', price: [1.2, 6], variants: [{ en: '3G1.5', fr: '3G1,5' }, { en: '3G2.5', fr: '3G2,5' }, { en: '5G2.5', fr: '5G2,5' }] },
  { en: 'Cutting disc', fr: 'Disque à tronçonner', category: 'CONSUMABLE', type: 'Inventory', unit: 'BOX', price: [12, 48], variants: [{ en: '115 mm', fr: '115 mm' }, { en: '125 mm', fr: '125 mm' }, { en: '230 mm', fr: '230 mm' }] },
  { en: 'Sanding sheets', fr: 'Feuilles abrasives', category: 'CONSUMABLE', type: 'Inventory', unit: 'PACK', price: [7, 25], variants: [{ en: 'P80', fr: 'P80' }, { en: 'P120', fr: 'P120' }, { en: 'P240', fr: 'P240' }] },
  { en: 'Drill bit set', fr: 'Coffret de forets', category: 'CONSUMABLE', type: 'Inventory', unit: 'SET', price: [14, 70], variants: [{ en: 'wood', fr: 'bois' }, { en: 'metal', fr: 'métal' }, { en: 'masonry', fr: 'béton' }] },
  { en: 'Marking spray', fr: 'Bombe de traçage', category: 'CONSUMABLE', type: 'Inventory', unit: 'PCS', price: [5, 12], variants: colours },
  { en: 'Extended warranty', fr: 'Extension de garantie', category: 'SERVICES', type: 'Service', unit: 'PCS', price: [29, 149], variants: [{ en: '1 year', fr: '1 an' }, { en: '3 years', fr: '3 ans' }] },
  { en: 'Tool calibration', fr: 'Étalonnage d’outil', category: 'SERVICES', type: 'Service', unit: 'PCS', price: [45, 120], variants: single },
  { en: 'Express delivery', fr: 'Livraison express', category: 'SERVICES', type: 'Service', unit: 'PCS', price: [25, 80], variants: single },
  { en: 'Product catalogue', fr: 'Catalogue produits', category: 'MISC', type: 'Non-Inventory', unit: 'PCS', price: [0, 5], variants: single },
  { en: 'Gift card', fr: 'Carte cadeau', category: 'MISC', type: 'Non-Inventory', unit: 'PCS', price: [50, 50], variants: [{ en: '50 EUR', fr: '50 EUR' }, { en: '100 EUR', fr: '100 EUR' }] },
  { en: 'Reusable packaging crate', fr: 'Caisse consignée', category: 'MISC', type: 'Non-Inventory', unit: 'PCS', price: [8, 20], variants: single },
];

/** Product lines: every stocked template is sold in a standard and a professional range and as a pack of five. */
export const ranges = [
  { en: '', fr: '', suffix: false, priceFactor: 1 },
  { en: 'Pro', fr: 'Pro', suffix: false, priceFactor: 1.35 },
  { en: '(pack of 5)', fr: '(lot de 5)', suffix: true, priceFactor: 4.6 },
];

export const frenchFirstNames = ['Camille', 'Julien', 'Sophie', 'Nicolas', 'Élodie', 'Mathieu', 'Claire', 'Antoine', 'Léa', 'Hugo', 'Manon', 'Louis', 'Chloé', 'Théo', 'Inès', 'Romain', 'Pauline', 'Quentin', 'Aurélie', 'Maxime'];
export const frenchLastNames = ['Martin', 'Dubois', 'Laurent', 'Moreau', 'Lefèvre', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Faure', 'Mercier', 'Blanc', 'Guerin', 'Boyer', 'Garnier', 'Chevalier', 'Perrin', 'Morel', 'Gauthier', 'Roux'];
export const englishFirstNames = ['Emily', 'James', 'Olivia', 'Oliver', 'Grace', 'Henry', 'Charlotte', 'Jack', 'Amelia', 'George', 'Sarah', 'Daniel', 'Laura', 'Michael', 'Hannah', 'Peter'];
export const englishLastNames = ['Harris', 'Whitfield', 'Carter', 'Bennett', 'Hughes', 'Turner', 'Collins', 'Morgan', 'Parker', 'Reed', 'Foster', 'Walsh', 'Hayes', 'Palmer', 'Ellis', 'Barnes'];

export const frenchTrades = ['Menuiserie', 'Plomberie', 'Électricité', 'Charpente', 'Maçonnerie', 'Toitures', 'Serrurerie', 'Rénovation', 'Chauffage', 'Paysages', 'Bâtiment', 'Métallerie'];
export const frenchForms = ['SARL', 'SAS', 'SA', '& Fils', 'Frères'];
export const englishTrades = ['Roofing', 'Electrical', 'Joinery', 'Plumbing', 'Builders', 'Construction', 'Scaffolding', 'Facilities', 'Engineering'];
export const englishForms = ['Ltd', 'Ltd', 'plc'];
export const usForms = ['Inc.', 'LLC'];
export const swissForms = ['SA', 'Sàrl'];
export const swissPlaces = ['Léman', 'Salève', 'Rhône', 'Jura', 'Mont-Blanc', 'Lavaux'];

export interface Place {
  city: string;
  postalCode: string;
  state: string;
  country: string;
  phonePrefix: string;
}

export const places: Record<string, Place[]> = {
  FR: [
    { city: 'Lyon', postalCode: '69003', state: '', country: 'FR', phonePrefix: '+33 4 72' },
    { city: 'Villeurbanne', postalCode: '69100', state: '', country: 'FR', phonePrefix: '+33 4 78' },
    { city: 'Grenoble', postalCode: '38000', state: '', country: 'FR', phonePrefix: '+33 4 76' },
    { city: 'Annecy', postalCode: '74000', state: '', country: 'FR', phonePrefix: '+33 4 50' },
    { city: 'Chambéry', postalCode: '73000', state: '', country: 'FR', phonePrefix: '+33 4 79' },
    { city: 'Saint-Étienne', postalCode: '42000', state: '', country: 'FR', phonePrefix: '+33 4 77' },
    { city: 'Paris', postalCode: '75011', state: '', country: 'FR', phonePrefix: '+33 1 43' },
    { city: 'Marseille', postalCode: '13002', state: '', country: 'FR', phonePrefix: '+33 4 91' },
    { city: 'Dijon', postalCode: '21000', state: '', country: 'FR', phonePrefix: '+33 3 80' },
  ],
  BE: [{ city: 'Bruxelles', postalCode: '1000', state: '', country: 'BE', phonePrefix: '+32 2 511' }],
  CH: [
    { city: 'Genève', postalCode: '1201', state: 'GE', country: 'CH', phonePrefix: '+41 22 731' },
    { city: 'Lausanne', postalCode: '1003', state: 'VD', country: 'CH', phonePrefix: '+41 21 320' },
    { city: 'Nyon', postalCode: '1260', state: 'VD', country: 'CH', phonePrefix: '+41 22 361' },
  ],
  GB: [
    { city: 'London', postalCode: 'EC1V 9HX', state: '', country: 'GB', phonePrefix: '+44 20 7946' },
    { city: 'Manchester', postalCode: 'M1 4BT', state: '', country: 'GB', phonePrefix: '+44 161 496' },
  ],
  US: [
    { city: 'Boston', postalCode: '02110', state: 'MA', country: 'US', phonePrefix: '+1 617 555' },
    { city: 'Denver', postalCode: '80202', state: 'CO', country: 'US', phonePrefix: '+1 303 555' },
  ],
};

export const frenchStreets = ['rue de la République', 'avenue Jean Jaurès', 'rue Garibaldi', 'boulevard des Belges', 'rue du Lac', 'chemin des Vignes', 'rue Victor Hugo', 'quai Perrache', 'rue des Artisans', 'avenue de la Gare'];
export const swissStreets = ['rue du Rhône', 'quai du Mont-Blanc', 'route de Chêne', 'avenue de France', 'rue de Lausanne'];
export const englishStreets = ['High Street', 'Station Road', 'Church Lane', 'Mill Road', 'Victoria Street', 'Market Place'];
export const usStreets = ['Main Street', 'Harbor Drive', 'Elm Avenue', 'Larimer Street', 'Commerce Way'];

export const vendorNames = [
  { number: 'V1000', name: 'Outillages Rhodaniens SA', country: 'FR' },
  { number: 'V1010', name: 'Protec Sécurité SAS', country: 'FR' },
  { number: 'V1020', name: 'Nordic Lighting AB', country: 'SE' },
  { number: 'V1030', name: 'Helvetic Fasteners AG', country: 'CH' },
  { number: 'V1040', name: 'Atlas Power Tools GmbH', country: 'DE' },
];
