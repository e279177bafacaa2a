# frozen_string_literal: true

require 'spec_helper'

describe Geo::CiSecureFileRegistry, :geo, type: :model do
  let_it_be(:registry) { create(:ci_secure_file_registry) }

  specify 'factory is valid' do
    expect(registry).to be_valid
  end
end
