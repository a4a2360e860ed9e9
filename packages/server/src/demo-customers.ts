/**
 * The demo tenant's customers, CUST001..CUST040: the same list every time, so the demo
 * calls can name these customers by id and phone.
 */
export interface DemoCustomer {
  customerId: string;
  name: string;
  email: string;
  /** E.164, as the demo calls dial it. */
  phone: string;
  company: string;
  customFields: {
    segment: 'Enterprise' | 'Mid-Market' | 'SMB';
    priority: 'High' | 'Medium' | 'Low';
    accountBalance: number;
    city: string;
  };
}

const PEOPLE: readonly [string, string][] = [
  ['Aarav', 'Sharma'],
  ['Priya', 'Iyer'],
  ['Rohan', 'Mehta'],
  ['Ananya', 'Reddy'],
  ['Vikram', 'Singh'],
  ['Sneha', 'Patel'],
  ['Arjun', 'Nair'],
  ['Kavya', 'Menon'],
  ['Rahul', 'Gupta'],
  ['Meera', 'Krishnan'],
  ['Aditya', 'Joshi'],
  ['Isha', 'Banerjee'],
  ['Karan', 'Malhotra'],
  ['Divya', 'Rao'],
  ['Siddharth', 'Kulkarni'],
  ['Pooja', 'Desai'],
  ['Nikhil', 'Verma'],
  ['Shreya', 'Chatterjee'],
  ['Manish', 'Agarwal'],
  ['Neha', 'Pillai'],
  ['Harsh', 'Chauhan'],
  ['Ritu', 'Saxena'],
  ['Amit', 'Bhatt'],
  ['Lakshmi', 'Subramanian'],
  ['Varun', 'Kapoor'],
  ['Tanvi', 'Deshpande'],
  ['Suresh', 'Yadav'],
  ['Anjali', 'Mishra'],
  ['Gaurav', 'Tiwari'],
  ['Deepa', 'Hegde'],
  ['Rajesh', 'Pandey'],
  ['Swati', 'Jain'],
  ['Imran', 'Khan'],
  ['Fatima', 'Sheikh'],
  ['Harpreet', 'Kaur'],
  ['Joseph', 'Thomas'],
  ['Nandini', 'Ghosh'],
  ['Abhishek', 'Srivastava'],
  ['Pallavi', 'Bose'],
  ['Kunal', 'Sethi'],
];

const COMPANIES = [
  'Tata Consultancy Services',
  'Infosys',
  'Reliance Retail',
  'Mahindra Logistics',
  'Zomato',
  'Flipkart',
  'Bajaj Finserv',
  'Godrej Properties',
  'Asian Paints',
  'HDFC Life',
  'Swiggy',
  'Wipro',
  'Titan Company',
  'Larsen & Toubro',
  'Ola Electric',
  'Nykaa',
  'Dabur India',
  'Zerodha',
  'Freshworks',
  'Marico',
] as const;

const CITIES = [
  'Mumbai',
  'Bengaluru',
  'Delhi',
  'Hyderabad',
  'Chennai',
  'Pune',
  'Kolkata',
  'Ahmedabad',
] as const;
const SEGMENTS = ['Enterprise', 'Mid-Market', 'SMB'] as const;
const PRIORITIES = ['High', 'Medium', 'Low'] as const;
const MOBILE_PREFIXES = ['98', '99', '97', '96', '90', '88', '87', '80', '79', '70'] as const;

const pick = <T>(list: readonly T[], index: number): T => list[index % list.length]!;

export const demoCustomers: readonly DemoCustomer[] = PEOPLE.map(([first, last], index) => {
  const n = index + 1;
  // Ten-digit Indian mobile numbers, distinct per customer and stable across runs.
  const subscriber = String((n * 7_919_273 + 1_234_567) % 100_000_000).padStart(8, '0');
  const company = pick(COMPANIES, index * 3);
  const domain = `${company.toLowerCase().replace(/[^a-z]/g, '')}.in`;
  return {
    customerId: `CUST${String(n).padStart(3, '0')}`,
    name: `${first} ${last}`,
    email: `${first.toLowerCase()}.${last.toLowerCase()}@${domain}`,
    phone: `+91${pick(MOBILE_PREFIXES, index)}${subscriber}`,
    company,
    customFields: {
      segment: pick(SEGMENTS, index),
      priority: pick(PRIORITIES, (index * 7) % 5),
      accountBalance: ((n * 48_271) % 500_000) + 5_000,
      city: pick(CITIES, index * 5),
    },
  };
});
