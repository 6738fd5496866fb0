System.Console.WriteLine("Customers sample: not yet implemented.");
