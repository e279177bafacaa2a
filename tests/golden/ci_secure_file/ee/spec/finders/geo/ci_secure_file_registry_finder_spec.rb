# frozen_string_literal: true

require 'spec_helper'

describe Geo::CiSecureFileRegistryFinder do
  it_behaves_like 'a framework registry finder', :ci_secure_file_registry
end
